using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Makemore.Generator;
using Makemore.Modeling.Neural;
using Makemore.Tests.Transformers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// A transformer's weights file as an AdditionalFiles item: Makemore.targets passes it as base64 text naming the file
/// in MakemoreWeightsFile, and the generator compiles it into a class with the face of every model, or reports what is
/// wrong with it at the file.
/// </summary>
public sealed class TransformerGeneratorTests
{
    private const string WeightsPath = "/project/tiny.weights";

    private static TestAdditionalText Weights(byte[] file, string className = "Tiny") =>
        new("/project/obj/makemore/tiny.weights.0badf00d.base64", Convert.ToBase64String(file, Base64FormattingOptions.InsertLineBreaks), new()
        {
            ["MakemoreModel"] = className,
            ["MakemoreWeightsFile"] = WeightsPath,
        });

    private static Diagnostic Single(byte[] file, string id)
    {
        var (output, diagnostics, driver) = GeneratorHarness.Run([Weights(file)]);
        Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(WeightsPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal("https://github.com/makemore-dotnet/makemore/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri);
        return diagnostic;
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_weights_file_compiles_into_a_class_that_answers_as_FromWeights_does()
    {
        byte[] file = TrainedModels.TinyFile;
        CSharpCompilation compilation = GeneratorHarness.Compilation(GeneratorHarness.Probe("Makemore.Tiny"));
        var (output, diagnostics, _) = GeneratorHarness.Run([Weights(file)], compilation: compilation);
        Assert.Empty(diagnostics);
        Assembly assembly = GeneratorHarness.Load(output);
        GeneratorHarness.LoadedModel generated = GeneratorHarness.Model(assembly, "Makemore.Tiny");
        LanguageModel loaded = LanguageModel.FromWeights(file);

        Assert.Equal(".abcde", generated.Alphabet);
        Assert.Equal(6, generated.Constant("Order"));
        Assert.Equal(2, generated.Constant("Layers"));
        Assert.Equal('.', generated.Constant("End"));
        Assert.Equal(TrainedModels.TinyWeights.Layout.ParameterCount, generated.Constant("ParameterCount"));
        Assert.Null(generated.Type.TypeInitializer);
        Assert.False(generated.Language.ContainsName("ab"));
        foreach (string name in new[] { "ab", "cede", string.Empty, "eeeee" })
        {
            Assert.Equal(loaded.NegativeLogLikelihood(name), (double)GeneratorHarness.CallProbe(assembly, "NegativeLogLikelihood", name)!);
        }

        Assert.Equal(loaded.AverageNegativeLogLikelihood("ab\nba"), (double)GeneratorHarness.CallProbe(assembly, "AverageNegativeLogLikelihood", "ab\nba")!);
        var random = new Xoshiro256StarStar(7);
        Span<char> buffer = stackalloc char[64];
        Assert.Equal(buffer[..loaded.Sample(ref random, buffer)].ToString(), GeneratorHarness.CallProbe(assembly, "SampleSpan", 7UL));
        Assert.Equal(loaded.Sample(new Random(3)), generated.Call("Sample", new Random(3)));
        Assert.Equal(loaded.TableBytes, generated.Language.TableBytes);
    }

    [Fact]
    public void The_issues_own_example_MakemoreModel_Neural_names_the_class()
    {
        // The runtime's inference lives in Makemore.Transformers, so that an internal class Makemore.Neural (the
        // name a user reaches for first) does not collide with a namespace of the library.
        CSharpCompilation compilation = GeneratorHarness.Compilation(GeneratorHarness.Probe("Makemore.Neural"));
        var (output, diagnostics, _) = GeneratorHarness.Run([Weights(TrainedModels.TinyFile, "Neural")], compilation: compilation);
        Assert.Empty(diagnostics);
        Assembly assembly = GeneratorHarness.Load(output);

        Assert.Equal(LanguageModel.FromWeights(TrainedModels.TinyFile).NegativeLogLikelihood("cede"), (double)GeneratorHarness.CallProbe(assembly, "NegativeLogLikelihood", "cede")!);
    }

    [Fact]
    public void Under_CSharp_10_the_weights_are_an_array_literal_with_the_same_answers()
    {
        var csharp10 = new CSharpParseOptions(LanguageVersion.CSharp10);
        CSharpCompilation compilation = GeneratorHarness.Compilation(GeneratorHarness.Probe("Makemore.Tiny"), parseOptions: csharp10);
        GeneratorHarness.CreateDriver([Weights(TrainedModels.TinyFile)], parseOptions: csharp10)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        Assert.Empty(diagnostics);
        string generated = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("Weights => new byte[]", generated, StringComparison.Ordinal);
        Assembly assembly = GeneratorHarness.Load(output);
        LanguageModel loaded = LanguageModel.FromWeights(TrainedModels.TinyFile);

        Assert.Equal(loaded.NegativeLogLikelihood("cab"), (double)GeneratorHarness.CallProbe(assembly, "NegativeLogLikelihood", "cab")!);
    }

    [Fact]
    public void A_truncated_file_is_MM0026()
    {
        Diagnostic d = Single(TrainedModels.TinyFile[..200], "MM0026");
        Assert.Contains("tiny.weights: The weights file is truncated: it has 200 bytes", Message(d), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_weights_is_MM0025()
    {
        Diagnostic d = Single("emma\nolivia\n"u8.ToArray(), "MM0025");
        Assert.Contains("is not a Makemore weights file", Message(d), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_whose_checksum_fails_is_MM0027()
    {
        byte[] file = TrainedModels.TinyFile.ToArray();
        file[^30] ^= 0x40;
        Diagnostic d = Single(file, "MM0027");
        Assert.Contains("its checksum is 0x", Message(d), StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_format_is_MM0028()
    {
        byte[] file = TrainedModels.TinyFile.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), NeuralFormat.CurrentVersion + 1);
        Diagnostic d = Single(file, "MM0028");
        Assert.Contains("format version 2, newer than this Makemore reads", Message(d), StringComparison.Ordinal);
    }

    [Fact]
    public void A_weights_file_that_reached_the_generator_unconverted_is_MM0029()
    {
        var raw = TestAdditionalText.FromBytes(WeightsPath, TrainedModels.TinyFile, new() { ["MakemoreModel"] = "Tiny" });
        var (output, diagnostics, _) = GeneratorHarness.Run([raw]);
        Assert.Equal("MM0029", Assert.Single(diagnostics).Id);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unrelated_source_edit_neither_rereads_nor_rechecks_the_weights()
    {
        var files = new[] { Weights(TrainedModels.TinyFile) };
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);
        Assert.All(Reasons(driver, TrackingNames.Models), r => Assert.Equal(IncrementalStepRunReason.New, r));

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { int X => 42; }", path: "Unrelated.cs")));

        Assert.NotEmpty(Reasons(driver, TrackingNames.Models));
        Assert.All(Reasons(driver, TrackingNames.Requests), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(driver, TrackingNames.Models), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(driver, TrackingNames.AllModels), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);
}
