using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// MM0019: one path in two AdditionalFiles items. The compiler hands the generator the path once per item, every copy
/// with the same metadata (the generated .editorconfig has one section per path, so the last item's values win);
/// Makemore.targets lists every item's MakemoreModel for the path in MakemoreModelsAtPath, so the warning can name
/// them all.
/// </summary>
public sealed class DuplicatePathTests
{
    [Fact]
    public void Two_items_with_one_path_and_two_class_names_warn_naming_both_and_generate_one_class()
    {
        // What the compiler passes for <AdditionalFiles Include="pets.txt" MakemoreModel="Cats" /> followed by the
        // same path with MakemoreModel="Dogs": two texts, each with the last item's metadata.
        var metadata = new Dictionary<string, string> { ["MakemoreModel"] = "Dogs", ["MakemoreModelsAtPath"] = "[Cats];[Dogs]" };
        var (output, diagnostics, _) = GeneratorHarness.Run(
        [
            GeneratorHarness.Names("rex\nfido", "/p/pets.txt", metadata),
            GeneratorHarness.Names("rex\nfido", "/p/pets.txt", new Dictionary<string, string>(metadata)),
        ]);

        Diagnostic warning = Assert.Single(diagnostics);
        Assert.Equal("MM0019", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        string message = warning.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("Cats", message, System.StringComparison.Ordinal);
        Assert.Contains("Dogs", message, System.StringComparison.Ordinal);
        Assert.Contains("/p/pets.txt", message, System.StringComparison.Ordinal);
        Assert.Equal("/p/pets.txt", warning.Location.GetLineSpan().Path);
        Assert.Single(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal));
        GeneratorHarness.Model(GeneratorHarness.Load(output), "Makemore.Dogs");
    }

    [Fact]
    public void One_path_listed_twice_with_one_class_name_is_the_same_warning_not_a_duplicate_class_error()
    {
        // Without Makemore.targets' list (the generator referenced on its own), the two copies still warn once.
        var (output, diagnostics, _) = GeneratorHarness.Run(
        [
            GeneratorHarness.Names("rex", "/p/pets.txt", new() { ["MakemoreModel"] = "Pets" }),
            GeneratorHarness.Names("rex", "/p/pets.txt", new() { ["MakemoreModel"] = "Pets" }),
        ]);

        Diagnostic warning = Assert.Single(diagnostics);
        Assert.Equal("MM0019", warning.Id);
        Assert.Contains("Pets", warning.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Single(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal));
    }

    [Fact]
    public void One_item_a_path_is_no_warning_even_with_the_targets_list()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(
            [GeneratorHarness.Names("rex", "/p/pets.txt", new() { ["MakemoreModel"] = "Pets", ["MakemoreModelsAtPath"] = "[Pets]" })]);
        Assert.Empty(diagnostics);
        Assert.Single(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal));
    }

    [Fact]
    public void The_package_targets_list_every_items_class_name_for_the_path()
    {
        string targets = System.IO.File.ReadAllText(System.IO.Path.Combine(Docs.RepositoryFiles.Root(), "src", "Makemore.Runtime", "buildTransitive", "Makemore.targets"));
        string props = System.IO.File.ReadAllText(System.IO.Path.Combine(Docs.RepositoryFiles.Root(), "src", "Makemore.Runtime", "buildTransitive", "Makemore.props"));
        Assert.Contains("<MakemoreModelsAtPath>@(AdditionalFiles->'[%(MakemoreModel)]')</MakemoreModelsAtPath>", targets, System.StringComparison.Ordinal);
        Assert.Contains("MetadataName=\"MakemoreModelsAtPath\"", props, System.StringComparison.Ordinal);
    }
}
