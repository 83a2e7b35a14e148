using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Makemore.Tests.Generator;

public class GeneratedModelTests
{
    // ".anna." ".bob." ".ab." over the alphabet ". a b n o" (0..4), counted by hand.
    private const string HandMade = "anna\nbob\nab";

    private static readonly int[,] HandCounts =
    {
        //          .  a  b  n  o
        /* . */ { 0, 2, 1, 0, 0 },
        /* a */ { 1, 0, 1, 1, 0 },
        /* b */ { 2, 0, 0, 0, 1 },
        /* n */ { 0, 1, 0, 1, 0 },
        /* o */ { 0, 0, 1, 0, 0 },
    };

    [Fact]
    public void Hand_made_list_compiles_cleanly_into_exact_tables()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(HandMade)], compilation: GeneratorHarness.Compilation(GeneratorHarness.Probe("Makemore.NameModel")));
        Assert.Empty(diagnostics);
        var assembly = GeneratorHarness.Load(output);
        var model = GeneratorHarness.Model(assembly, "Makemore.NameModel");

        Assert.Equal(".abno", model.Alphabet);
        Assert.Equal(5, model.Constant("VocabularySize"));
        Assert.Equal(3, model.Constant("NameCount"));
        Assert.Equal(12L, model.Constant("TokenCount"));
        Assert.Equal(2, model.Constant("Order"));
        Assert.Equal(2, model.Constant("ShortestName"));
        Assert.Equal(4, model.Constant("LongestName"));
        Assert.Equal("1", model.Constant("Smoothing"));
        Assert.Equal(0, model.Member("ShortestSampleLength"));

        int[] counts = model.Table<int>("Counts");
        float[] probabilities = model.Table<float>("Probabilities");
        double[] logProbabilities = model.Language.LogProbabilities.ToArray();
        for (int row = 0; row < 5; row++)
        {
            int rowSum = Enumerable.Range(0, 5).Sum(j => HandCounts[row, j]);
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(HandCounts[row, j], counts[(row * 5) + j]);
                Assert.Equal((float)(HandCounts[row, j] + 1) / (rowSum + 5), probabilities[(row * 5) + j]);
                Assert.Equal(Math.Log((HandCounts[row, j] + 1.0) / (rowSum + 5)), logProbabilities[(row * 5) + j], 15);
            }
        }

        Assert.Equal(2, counts[1]);       // N['.', 'a']
        Assert.Equal(2, counts[2 * 5]);   // N['b', '.']
        Assert.Equal(3f / 8f, probabilities[1]);
        double nll = -(Math.Log(3.0 / 8) + Math.Log(2.0 / 8) + Math.Log(3.0 / 8)); // .a, ab, b.
        Assert.Equal(nll, (double)GeneratorHarness.CallProbe(assembly, "NegativeLogLikelihood", "ab")!, 12);
    }

    [Fact]
    public void Generated_tables_equal_the_run_time_model_bit_for_bit()
    {
        const string text = "\uFEFFzoë\r\nÅsa\r\n  bob  \r\n\r\nmaría\rzoë\n";
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(text, metadata: new() { ["MakemoreSmoothing"] = "0.5" })]);
        Assert.Empty(diagnostics);
        var generated = GeneratorHarness.Model(GeneratorHarness.Load(output), "Makemore.NameModel");
        AssertSameTables(generated, Bigram.FromText(text, 0.5));
    }

    [Fact]
    public void Default_names_list_compiled_into_the_test_assembly_equals_the_run_time_model()
    {
        var runtime = Bigram.FromText(DefaultData.Text);
        Assert.Equal(runtime.Alphabet.ToString(), DefaultNames.Alphabet.ToString());
        Assert.True(runtime.Counts.SequenceEqual(DefaultNames.Counts));
        Assert.True(runtime.Probabilities.SequenceEqual(DefaultNames.Probabilities));
        LanguageModel generated = DefaultNames.Model; // its scoring and sampling tables are internal
        Assert.True(runtime.LogProbabilities.SequenceEqual(generated.LogProbabilities));
        Assert.True(runtime.AliasTable.SequenceEqual(generated.AliasTable));
        Assert.True(runtime.AsciiIndex.SequenceEqual(generated.AsciiIndex));
        Assert.Equal(DefaultNames.NameCount, runtime.NameCount);
        Assert.Equal(DefaultNames.TokenCount, runtime.TokenCount);
        Assert.Equal(DefaultNames.ShortestSampleLength, runtime.ShortestSampleLength);
        Assert.Equal(32_257, DefaultNames.NameCount);
    }

    [LectureFact]
    public void Lecture_list_compiles_into_the_same_tables_as_the_run_time_model()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(LectureData.Text)], compilation: GeneratorHarness.Compilation(GeneratorHarness.Probe("Makemore.NameModel")));
        Assert.Empty(diagnostics);
        var assembly = GeneratorHarness.Load(output);
        var generated = GeneratorHarness.Model(assembly, "Makemore.NameModel");
        AssertSameTables(generated, Bigram.FromText(LectureData.Text));
        Assert.Equal(4410, generated.Table<int>("Counts")[1]); // N['.', 'a']
        Assert.Equal(2.454577, (double)GeneratorHarness.CallProbe(assembly, "AverageNegativeLogLikelihood", LectureData.Text)!, 1e-6);
    }

    [Fact]
    public void Class_name_and_smoothing_come_from_metadata_and_internal_models_live_in_Makemore()
    {
        var files = new[]
        {
            GeneratorHarness.Names("ann\nbo", "/p/girls.csv", new() { ["MakemoreModel"] = "GirlNames", ["MakemoreSmoothing"] = "0" }),
            GeneratorHarness.Names("ignored.because.it.is.not.a.model", "/p/notes.txt"),
            GeneratorHarness.Names("zed", "/p/NAMES.TXT"),
        };
        var (output, diagnostics, _) = GeneratorHarness.Run(files, rootNamespace: "My.App");
        Assert.Empty(diagnostics);
        var assembly = GeneratorHarness.Load(output);
        var girls = GeneratorHarness.Model(assembly, "Makemore.GirlNames");
        Assert.False(girls.Type.IsPublic);
        Assert.Equal("0", girls.Constant("Smoothing"));
        Assert.Equal(0f, girls.Table<float>("Probabilities")[(1 * 5) + 2]); // ".abno": P(b | a) without smoothing
        Assert.Equal(2, girls.Member("ShortestSampleLength")); // without smoothing ".an." and ".bo." are the shortest paths
        Assert.Equal(".dez", GeneratorHarness.Model(assembly, "Makemore.NameModel").Alphabet);
    }

    [Theory]
    [InlineData("My.Lib", null, "My.Lib.NameModel")]          // a public model is part of the library's API
    [InlineData("My.Lib", "Names.Data", "Names.Data.NameModel")]
    [InlineData(null, null, "NameModel")]                     // no RootNamespace: the global namespace
    [InlineData("My.Lib", "global", "NameModel")]
    public void A_public_model_lives_in_the_root_namespace_unless_MakemoreNamespace_says_otherwise(string? rootNamespace, string? ns, string fullName)
    {
        var metadata = new Dictionary<string, string> { ["MakemoreAccessibility"] = "Public" };
        if (ns is not null)
        {
            metadata["MakemoreNamespace"] = ns;
        }

        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("ab", metadata: metadata)], rootNamespace);
        Assert.Empty(diagnostics);
        Type type = GeneratorHarness.Load(output).GetType(fullName, throwOnError: true)!;
        Assert.True(type.IsPublic);
    }

    [Fact]
    public void An_internal_model_may_choose_its_namespace()
    {
        var metadata = new Dictionary<string, string> { ["MakemoreNamespace"] = "Game.Names", ["MakemoreAccessibility"] = "internal" };
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("ab", metadata: metadata)]);
        Assert.Empty(diagnostics);
        Assert.False(GeneratorHarness.Load(output).GetType("Game.Names.NameModel", throwOnError: true)!.IsPublic);
    }

    [Fact]
    public void Class_names_that_differ_only_in_case_are_both_generated()
    {
        var files = new[]
        {
            GeneratorHarness.Names("ann", "/p/a.txt", new() { ["MakemoreModel"] = "Pets" }),
            GeneratorHarness.Names("bob", "/p/b.txt", new() { ["MakemoreModel"] = "PETS" }),
        };
        var (output, diagnostics, _) = GeneratorHarness.Run(files);
        Assert.Empty(diagnostics);
        var assembly = GeneratorHarness.Load(output);
        Assert.Equal(".an", GeneratorHarness.Model(assembly, "Makemore.Pets").Alphabet);
        Assert.Equal(".bo", GeneratorHarness.Model(assembly, "Makemore.PETS").Alphabet);
    }

    [Fact]
    public void Generated_source_holds_its_recipe_as_constant_data_without_a_static_constructor()
    {
        var (output, _, _) = GeneratorHarness.Run([GeneratorHarness.Names(HandMade)]);
        SyntaxTree generated = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Makemore.NameModel.g.cs", StringComparison.Ordinal));
        string source = generated.ToString();
        Assert.Contains("internal static partial class NameModel", source, StringComparison.Ordinal);
        Assert.Contains("private static global::System.ReadOnlySpan<byte> Recipe => \"\"\"\nmakemore model 1", source, StringComparison.Ordinal);
        Assert.Contains("\nanna\nbob\nab\n\"\"\"u8;", source, StringComparison.Ordinal);
        Assert.DoesNotContain("static NameModel()", source, StringComparison.Ordinal);
        Assert.DoesNotContain("static readonly", source, StringComparison.Ordinal);
        Assert.DoesNotContain("System.IO", source, StringComparison.Ordinal);

        var type = GeneratorHarness.Load(output).GetType("Makemore.NameModel")!;
        Assert.Null(type.TypeInitializer);
    }

    internal static void AssertSameTables(GeneratorHarness.LoadedModel generated, LanguageModel runtime)
    {
        Assert.Equal(runtime.Alphabet.ToString(), generated.Alphabet);
        Assert.Equal(runtime.Counts.ToArray(), generated.Table<int>("Counts"));
        Assert.Equal(Bits(runtime.Probabilities.ToArray()), Bits(generated.Table<float>("Probabilities")));
        Assert.Equal(Bits(runtime.LogProbabilities.ToArray()), Bits(generated.Language.LogProbabilities.ToArray()));
        Assert.Equal(runtime.AliasTable.ToArray(), generated.Language.AliasTable.ToArray());
        Assert.Equal(runtime.AsciiIndex.ToArray(), generated.Language.AsciiIndex.ToArray());
        Assert.Equal(runtime.ShortestSampleLength, generated.Member("ShortestSampleLength"));
        Assert.Equal(runtime.NameCount, generated.Constant("NameCount"));
        Assert.Equal(runtime.TokenCount, generated.Constant("TokenCount"));
    }

    private static IEnumerable<int> Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits);

    private static IEnumerable<long> Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits);
}
