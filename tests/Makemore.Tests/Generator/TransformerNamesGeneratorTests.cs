using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text;
using Makemore.Tests.Training.Transformer;
using Makemore.Tests.Transformers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// MakemoreNames pairs a transformer's weights with a names list: Makemore.targets puts the list's bytes after the
/// weights in the text it passes (a line "#names", then base64), and the generator checks the list as a list and over
/// the weights' alphabet, each problem located in the list's own file, and compiles it into the class, whose
/// ContainsName and Novel then know the names as <c>LanguageModel.FromWeights(weights, names)</c> does.
/// </summary>
public sealed class TransformerNamesGeneratorTests
{
    private const string WeightsPath = "/project/tiny.weights";
    private const string ListPath = "/project/data/tiny.txt";

    private static readonly string TrainText = string.Join('\n', TinyTransformer.Train);

    /// <summary>The converted text Makemore.targets writes for a weights item with MakemoreNames.</summary>
    private static TestAdditionalText Paired(string namesSection, Dictionary<string, string>? extra = null)
    {
        string text = Convert.ToBase64String(TrainedModels.TinyFile, Base64FormattingOptions.InsertLineBreaks) + "\n#names" + namesSection;
        var metadata = new Dictionary<string, string>
        {
            ["MakemoreModel"] = "Tiny",
            ["MakemoreWeightsFile"] = WeightsPath,
            ["MakemoreNames"] = "data/tiny.txt",
            ["MakemoreNamesFile"] = ListPath,
        };
        foreach (KeyValuePair<string, string> pair in extra ?? [])
        {
            metadata[pair.Key] = pair.Value;
        }

        return new TestAdditionalText("/project/obj/makemore/tiny.weights.0badf00d.base64", text, metadata);
    }

    private static TestAdditionalText PairedBytes(byte[] list) =>
        Paired("\n" + Convert.ToBase64String(list, Base64FormattingOptions.InsertLineBreaks));

    private static Diagnostic Single(TestAdditionalText file, string id, string path = ListPath)
    {
        var (output, diagnostics, driver) = GeneratorHarness.Run([file]);
        Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal));
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(path, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal("https://github.com/makemore-dotnet/makemore/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
        return diagnostic;
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(LanguageVersion.Latest)]
    [InlineData(LanguageVersion.CSharp10)]
    public void A_paired_list_compiles_into_a_class_that_knows_its_names_as_FromWeights_with_them_does(LanguageVersion version)
    {
        var parseOptions = new CSharpParseOptions(version);
        CSharpCompilation compilation = GeneratorHarness.Compilation(GeneratorHarness.Probe("Makemore.Tiny"), parseOptions: parseOptions);
        GeneratorHarness.CreateDriver([PairedBytes(Encoding.UTF8.GetBytes("  ab\r\nabc\n\nba\ncab\nacbad\ne\ndd\nbed\nace\ndab\ncede\naa\n"))], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        Assert.Empty(diagnostics);
        string source = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains(version == LanguageVersion.CSharp10 ? "KnownNames => new byte[]" : "KnownNames => \"\"\"\nab\nabc\nba\n", source, StringComparison.Ordinal);
        Assembly assembly = GeneratorHarness.Load(output);
        GeneratorHarness.LoadedModel generated = GeneratorHarness.Model(assembly, "Makemore.Tiny");
        LanguageModel loaded = LanguageModel.FromWeights(TrainedModels.TinyFile, TrainText);
        LanguageModel model = generated.Language;

        Assert.Equal(TinyTransformer.Train.Length, generated.Constant("NameCount"));
        Assert.Equal(loaded.TokenCount, generated.Constant("TokenCount"));
        Assert.Equal(1, generated.Constant("ShortestName"));
        Assert.Equal(5, generated.Constant("LongestName"));
        Assert.Equal(TinyTransformer.Train.Length, model.NameCount);
        Assert.All(TinyTransformer.Train, n => Assert.True(model.ContainsName(n), n));
        Assert.False(model.ContainsName("abe"));
        var novel = new SamplingOptions { Novel = true, Prefix = "a" };
        Assert.Equal(loaded.Probability(novel), model.Probability(novel));
        var a = new Xoshiro256StarStar(5);
        var b = new Xoshiro256StarStar(5);
        Assert.Equal(loaded.SampleUnique(ref a, 20, novel), model.SampleUnique(ref b, 20, novel));
        Assert.Equal(loaded.NegativeLogLikelihood("cab"), (double)GeneratorHarness.CallProbe(assembly, "NegativeLogLikelihood", "cab")!);
    }

    [Fact]
    public void A_list_item_beside_the_weights_stays_a_model_of_its_own_and_a_list_without_metadata_none()
    {
        // The demo's case: names.txt is NameModel and the transformer's list; another list is nothing but a list.
        var names = GeneratorHarness.Names(TrainText, ListPath, new() { ["MakemoreModel"] = "TinyNames" });
        var other = GeneratorHarness.Names("ab\nba", "/project/other.txt");
        var (output, diagnostics, _) = GeneratorHarness.Run([names, other, PairedBytes(Encoding.UTF8.GetBytes(TrainText))]);

        Assert.Empty(diagnostics);
        string[] generated = [.. output.SyntaxTrees.Select(t => System.IO.Path.GetFileName(t.FilePath)).Where(p => p.EndsWith(".g.cs", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.Equal(["Makemore.Tiny.g.cs", "Makemore.TinyNames.g.cs"], generated);
    }

    [Fact]
    public void A_missing_list_is_MM0013_at_the_list_naming_MakemoreNames()
    {
        Diagnostic d = Single(Paired(" missing"), "MM0013");
        Assert.Equal("tiny.txt: the names list '/project/data/tiny.txt' does not exist; check the MakemoreNames path", Message(d));
    }

    [Fact]
    public void An_unreadable_list_is_MM0014_at_the_list()
    {
        Single(Paired(" unreadable"), "MM0014");
        Single(PairedBytes([0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x7F, 0x00, 0x00, 0xFF, 0xFE]), "MM0014");
    }

    [Fact]
    public void A_bad_line_of_the_list_is_its_MM_diagnostic_located_in_the_list()
    {
        Diagnostic control = Single(PairedBytes(Encoding.UTF8.GetBytes("ab\nc\td\n")), "MM0003");
        FileLinePositionSpan span = control.Location.GetLineSpan();
        Assert.Equal(1, span.StartLinePosition.Line);
        Assert.Equal(1, span.StartLinePosition.Character);

        Diagnostic utf16 = Single(PairedBytes(Encoding.Unicode.GetBytes("ab\nba\n")), "MM0016");
        Assert.Contains("not UTF-8 text", Message(utf16), StringComparison.Ordinal);
        Single(PairedBytes([]), "MM0001");
    }

    [Fact]
    public void A_character_the_transformer_lacks_is_MM0030_at_its_first_place_in_the_list()
    {
        Diagnostic d = Single(PairedBytes(Encoding.UTF8.GetBytes("ab\nzed\nbaz\n")), "MM0030");
        FileLinePositionSpan span = d.Location.GetLineSpan();
        Assert.Equal(1, span.StartLinePosition.Line);
        Assert.Equal(0, span.StartLinePosition.Character);
        Assert.Equal("tiny.txt: 'z' (U+007A) at line 2, column 1 is not a symbol of the transformer in tiny.weights (its characters are \"abcde\"); MakemoreNames must name a list over the weights' characters, such as the one they were trained on", Message(d));
    }

    [Fact]
    public void Many_characters_the_transformer_lacks_are_reported_ten_then_counted()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run([PairedBytes(Encoding.UTF8.GetBytes("abcdefghijklmnopqrstuvwxyz"))]);

        Assert.Equal(10, diagnostics.Count(d => d.Id == "MM0030"));
        Assert.Contains("and 11 more errors", Message(Assert.Single(diagnostics, d => d.Id == "MM0017")), StringComparison.Ordinal);
    }

    [Fact]
    public void MakemoreNames_without_the_list_in_the_converted_text_is_MM0029()
    {
        var file = new TestAdditionalText(
            "/project/obj/makemore/tiny.weights.0badf00d.base64",
            Convert.ToBase64String(TrainedModels.TinyFile, Base64FormattingOptions.InsertLineBreaks),
            new() { ["MakemoreModel"] = "Tiny", ["MakemoreWeightsFile"] = WeightsPath, ["MakemoreNames"] = "tiny.txt" });
        Diagnostic d = Single(file, "MM0029", WeightsPath);
        Assert.Contains("MakemoreNames is set", Message(d), StringComparison.Ordinal);
    }

    [Fact]
    public void MakemoreNames_on_a_names_list_is_warning_MM0031_and_the_model_is_generated()
    {
        var list = GeneratorHarness.Names("emma\nava", "/project/pets.txt", new() { ["MakemoreModel"] = "Pets", ["MakemoreNames"] = "other.txt" });
        var (output, diagnostics, _) = GeneratorHarness.Run([list]);

        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("MM0031", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("/project/pets.txt", d.Location.GetLineSpan().Path);
        Assert.Contains(output.SyntaxTrees, t => t.FilePath.EndsWith("Makemore.Pets.g.cs", StringComparison.Ordinal));
    }
}
