using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Makemore.Tests.Generator;

public class DiagnosticTests
{
    private static Diagnostic Single(ImmutableArray<Diagnostic> diagnostics, string id)
    {
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        return diagnostic;
    }

    private static void AssertAt(Diagnostic diagnostic, string path, int line, int column)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal((line - 1, column - 1), (span.StartLinePosition.Line, span.StartLinePosition.Character));
    }

    private static ImmutableArray<Diagnostic> Run(string text, Dictionary<string, string>? metadata = null)
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(text, metadata: metadata)]);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal));
        return diagnostics;
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \r\n\t\n")]
    [InlineData("\uFEFF")]
    public void An_empty_list_is_MM0001(string text)
    {
        Diagnostic diagnostic = Single(Run(text), "MM0001");
        Assert.Contains("no names", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Equal("/project/names.txt", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Periods_spaces_and_format_characters_inside_names_are_symbols_not_diagnostics()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("emma\r\nj.r\nmary ann\nmary\u00A0ann\nzo\u200Be\nzo\u200Fe\nzo\uFEFFe\nMr. Mime")]);
        Assert.Empty(diagnostics);
        Assert.Contains(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("emma\nan\tna", 2, 3, "U+0009")]
    [InlineData("em\u0001ma", 1, 3, "U+0001")]
    [InlineData("ok\rmary\u2028ann", 2, 5, "U+2028")]
    public void A_control_character_or_line_separator_inside_a_name_is_MM0003(string text, int line, int column, string code)
    {
        Diagnostic diagnostic = Single(Run(text), "MM0003");
        AssertAt(diagnostic, "/project/names.txt", line, column);
        Assert.Contains(code, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_character_outside_the_BMP_is_one_MM0004_at_its_first_half_naming_its_code_point()
    {
        Diagnostic diagnostic = Single(Run("emma\nzo\U0001F600e"), "MM0004");
        AssertAt(diagnostic, "/project/names.txt", 2, 3);
        Assert.Equal(2, diagnostic.Location.SourceSpan.Length); // the whole pair
        Assert.Contains("U+1F600", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_MM0004_naming_it()
    {
        Diagnostic diagnostic = Single(Run("emma\nzo\uDE00e"), "MM0004");
        AssertAt(diagnostic, "/project/names.txt", 2, 3);
        Assert.Contains("U+DE00", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e301")]
    [InlineData("1.7976931348623157E+308")]
    public void Smoothing_so_large_that_row_sums_would_overflow_is_MM0006(string smoothing)
    {
        Diagnostic diagnostic = Single(Run("emma", new() { ["MakemoreSmoothing"] = smoothing }), "MM0006");
        Assert.Contains("from 0 to 1e300", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1,5")]
    public void Bad_smoothing_is_MM0006(string smoothing)
    {
        Diagnostic diagnostic = Single(Run("emma", new() { ["MakemoreSmoothing"] = smoothing }), "MM0006");
        Assert.Contains($"\"{smoothing}\"", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Equal("/project/names.txt", diagnostic.Location.GetLineSpan().Path);
    }

    [Theory]
    [InlineData("class")]
    [InlineData("1Names")]
    [InlineData("Name Model")]
    public void A_bad_class_name_is_MM0007(string name) =>
        Single(Run("emma", new() { ["MakemoreModel"] = name }), "MM0007");

    [Fact]
    public void Two_models_with_one_class_name_is_MM0008_on_the_second()
    {
        var files = new[]
        {
            GeneratorHarness.Names("emma", "/b/names.txt"),
            GeneratorHarness.Names("noah", "/a/boys.txt", new() { ["MakemoreModel"] = "NameModel" }),
        };
        var (output, diagnostics, _) = GeneratorHarness.Run(files);
        Diagnostic diagnostic = Single(diagnostics, "MM0008");
        Assert.Equal("/b/names.txt", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("/a/boys.txt", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Single(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_runtime_reference_is_MM0009()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("emma")], compilation: GeneratorHarness.Compilation(withRuntime: false));
        Single(diagnostics, "MM0009");
    }

    [Fact]
    public void An_unexpected_failure_is_MM9999_and_the_generator_does_not_throw()
    {
        var file = new TestAdditionalText("/project/names.txt", "emma") { Throws = true };
        var (_, diagnostics, driver) = GeneratorHarness.Run([file]);
        Diagnostic diagnostic = Single(diagnostics, "MM9999");
        Assert.Contains("IOException: disk on fire", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
    }

    [Fact]
    public void Every_error_in_a_file_is_reported_in_text_order()
    {
        ImmutableArray<Diagnostic> diagnostics = Run("a\u0001b\nok\nc d\nzo\U0001F600\ne\tf");
        Assert.Equal(["MM0003", "MM0004", "MM0003"], diagnostics.Select(d => d.Id));
        Assert.Equal([0, 3, 4], diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line));
    }

    [Theory]
    [InlineData("private")]
    [InlineData("protected")]
    [InlineData("yes")]
    public void A_bad_accessibility_is_MM0010(string accessibility)
    {
        Diagnostic diagnostic = Single(Run("emma", new() { ["MakemoreAccessibility"] = accessibility }), "MM0010");
        Assert.Contains($"\"{accessibility}\"", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("My..Names")]
    [InlineData("My.class")]
    [InlineData("1Names")]
    [InlineData("My-Names")]
    public void A_bad_namespace_is_MM0011(string ns) =>
        Single(Run("emma", new() { ["MakemoreNamespace"] = ns }), "MM0011");

    [Fact]
    public void A_public_model_in_a_project_whose_RootNamespace_is_not_a_namespace_is_MM0012()
    {
        var file = GeneratorHarness.Names("emma", metadata: new() { ["MakemoreAccessibility"] = "public" });
        var (_, diagnostics, _) = GeneratorHarness.Run([file], rootNamespace: "my-app");
        Diagnostic diagnostic = Single(diagnostics, "MM0012");
        Assert.Contains("\"my-app\"", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Equal("/project/names.txt", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void An_internal_model_does_not_need_a_valid_RootNamespace()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("emma")], rootNamespace: "my-app");
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void A_list_that_MSBuild_found_missing_is_MM0013_naming_its_path()
    {
        var file = new TestAdditionalText("/project/pets.txt", null, new() { ["MakemoreModel"] = "Pets", ["MakemoreFileMissing"] = "true" });
        var (_, diagnostics, _) = GeneratorHarness.Run([file]);
        Diagnostic diagnostic = Single(diagnostics, "MM0013");
        Assert.Contains("'/project/pets.txt' does not exist", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.Equal("/project/pets.txt", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void A_list_the_compiler_cannot_read_is_MM0014()
    {
        var file = new TestAdditionalText("/project/names.txt", null);
        var (_, diagnostics, _) = GeneratorHarness.Run([file]);
        Diagnostic diagnostic = Single(diagnostics, "MM0014");
        Assert.Equal("/project/names.txt", diagnostic.Location.GetLineSpan().Path);
    }

    [Theory]
    [InlineData("LanguageModel")]
    [InlineData("Xoshiro256StarStar")]
    public void An_internal_model_named_like_a_library_type_is_MM0015(string name) =>
        Single(Run("emma", new() { ["MakemoreModel"] = name }), "MM0015");

    [Fact]
    public void Every_diagnostic_has_a_description_and_a_help_link_to_its_section()
    {
        var descriptors = Docs.GeneratorDiagnostics.All();
        Assert.True(descriptors.Count >= 16);
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(descriptors, d =>
        {
            Assert.NotEmpty(d.Description.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.EndsWith("docs/diagnostics.md#" + d.Id.ToLowerInvariant(), d.HelpLinkUri, System.StringComparison.Ordinal);
        });
    }
}
