using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Makemore.Generator;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// MM0020: a class whose full name would stand for a type or namespace the generated code names (global::System.Random,
/// global::System.CodeDom.Compiler…, global::Makemore.CompilerServices.GeneratedModel) is refused, located at the item,
/// instead of generating code that does not compile. The names come from one list, which a test keeps in step with
/// what the emitter writes.
/// </summary>
public sealed class ShadowedNameTests
{
    [Theory]
    [InlineData("System", "Random")]
    [InlineData("System", "CodeDom")]
    [InlineData("System", "Span")]
    [InlineData("System.CodeDom", "Compiler")]
    [InlineData("Makemore.CompilerServices", "GeneratedModel")]
    [InlineData("System.Random", "Names")]
    public void A_class_that_would_shadow_a_name_the_generated_code_uses_is_MM0020(string ns, string className)
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(
            [GeneratorHarness.Names("emma", "/p/pets.txt", new() { ["MakemoreModel"] = className, ["MakemoreNamespace"] = ns })]);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("MM0020", diagnostic.Id);
        Assert.Equal("/p/pets.txt", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains($"{ns}.{className}", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("System", "Names")]
    [InlineData("Pets.System", "Random")]
    [InlineData("Makemore.Pets", "GeneratedModel")]
    public void Names_beside_them_still_compile(string ns, string className)
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(
            [GeneratorHarness.Names("emma\nava", "/p/pets.txt", new() { ["MakemoreModel"] = className, ["MakemoreNamespace"] = ns })]);
        Assert.Empty(diagnostics);
        GeneratorHarness.Model(GeneratorHarness.Load(output), ns + "." + className);
    }

    [Theory]
    [InlineData("ann\nbob\nanna", null, null)]
    [InlineData("ann\nbob\nanna", "3", "KneserNey")]
    [InlineData("ab\nba", "2", "0.5")]
    public void Every_global_name_the_emitter_writes_is_in_the_list(string names, string? order, string? smoothing)
    {
        var metadata = new Dictionary<string, string> { ["MakemoreModel"] = "Pets" };
        if (order is not null)
        {
            metadata["MakemoreOrder"] = order;
        }

        if (smoothing is not null)
        {
            metadata["MakemoreSmoothing"] = smoothing;
        }

        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(names, "/p/pets.txt", metadata)]);
        Assert.Empty(diagnostics);
        string source = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal)).ToString();
        string[] used = Regex.Matches(source, @"global::([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.NotEmpty(used);

        // A name is covered when it is a listed type, or a member of one (ModelTables.Sample).
        Assert.All(used, name => Assert.True(
            Listed().Any(type => name == type || name.StartsWith(type + ".", System.StringComparison.Ordinal)),
            $"the generated code names global::{name}, which GeneratedCodeNames.Types does not list"));
    }

    /// <summary>The generator's list (internal to the generator, which has no InternalsVisibleTo), read by reflection.</summary>
    private static string[] Listed() =>
        (string[])typeof(MakemoreGenerator).Assembly.GetType("Makemore.Generator.GeneratedCodeNames", throwOnError: true)!.GetField("Types")!.GetValue(null)!;
}
