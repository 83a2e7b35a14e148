using System;
using System.Collections.Generic;
using System.Linq;
using Makemore.Generator;
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
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(HandMade)], compilation: GeneratorHarness.Compilation(GeneratorHarness.Probe("Consumer.NameModel")));
        Assert.Empty(diagnostics);
        var assembly = GeneratorHarness.Load(output);
        var model = GeneratorHarness.Model(assembly, "Consumer.NameModel");

        Assert.Equal(".abno", model.Alphabet);
        Assert.Equal(5, model.Constant("VocabularySize"));
        Assert.Equal(3, model.Constant("NameCount"));
        Assert.Equal(12L, model.Constant("BigramCount"));
        Assert.Equal(2, model.Constant("ShortestName"));
        Assert.Equal(4, model.Constant("LongestName"));
        Assert.Equal(1.0, model.Constant("Smoothing"));
        Assert.Equal(0, model.Constant("ShortestSampleLength"));

        int[] counts = model.Table<int>("Counts");
        float[] probabilities = model.Table<float>("Probabilities");
        double[] logProbabilities = model.Table<double>("LogProbabilities");
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

        Assert.Equal(2, model.Call("Count", '.', 'a'));
        Assert.Equal(2, model.Call("Count", 'b', '.'));
        Assert.Equal(3f / 8f, model.Call("Probability", '.', 'a'));
        double nll = -(Math.Log(3.0 / 8) + Math.Log(2.0 / 8) + Math.Log(3.0 / 8)); // .a, ab, b.
        Assert.Equal(nll, (double)GeneratorHarness.CallProbe(assembly, "NegativeLogLikelihood", "ab")!, 12);
    }

    [Fact]
    public void Generated_tables_equal_the_run_time_model_bit_for_bit()
    {
        const string text = "\uFEFFzoë\r\nÅsa\r\n  bob  \r\n\r\nmaría\rzoë\n";
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(text, metadata: new() { ["MakemoreSmoothing"] = "0.5" })]);
        Assert.Empty(diagnostics);
        var generated = GeneratorHarness.Model(GeneratorHarness.Load(output), "Consumer.NameModel");
        AssertSameTables(generated, BigramModel.FromText(text, 0.5));
    }

    [Fact]
    public void Default_names_list_compiled_into_the_test_assembly_equals_the_run_time_model()
    {
        var runtime = BigramModel.FromText(DefaultData.Text);
        Assert.Equal(runtime.Alphabet.ToString(), DefaultNames.Alphabet.ToString());
        Assert.True(runtime.Counts.SequenceEqual(DefaultNames.Counts));
        Assert.True(runtime.Probabilities.SequenceEqual(DefaultNames.Probabilities));
        Assert.True(runtime.LogProbabilities.SequenceEqual(DefaultNames.LogProbabilities));
        Assert.True(runtime.AliasTable.SequenceEqual(DefaultNames.AliasTable));
        Assert.True(runtime.AsciiIndex.SequenceEqual(DefaultNames.AsciiIndex));
        Assert.Equal(DefaultNames.NameCount, runtime.NameCount);
        Assert.Equal(DefaultNames.BigramCount, runtime.BigramCount);
        Assert.Equal(DefaultNames.ShortestSampleLength, runtime.ShortestSampleLength);
        Assert.Equal(32_257, DefaultNames.NameCount);
    }

    [LectureFact]
    public void Lecture_list_compiles_into_the_same_tables_as_the_run_time_model()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(LectureData.Text)], compilation: GeneratorHarness.Compilation(GeneratorHarness.Probe("Consumer.NameModel")));
        Assert.Empty(diagnostics);
        var assembly = GeneratorHarness.Load(output);
        var generated = GeneratorHarness.Model(assembly, "Consumer.NameModel");
        AssertSameTables(generated, BigramModel.FromText(LectureData.Text));
        Assert.Equal(4410, generated.Call("Count", '.', 'a'));
        Assert.Equal(2.454577, (double)GeneratorHarness.CallProbe(assembly, "AverageNegativeLogLikelihood", LectureData.Text)!, 1e-6);
    }

    [Fact]
    public void Class_name_smoothing_and_namespace_come_from_metadata()
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
        var girls = GeneratorHarness.Model(assembly, "My.App.GirlNames");
        Assert.Equal(0.0, girls.Constant("Smoothing"));
        Assert.Equal(0f, girls.Call("Probability", 'a', 'b'));
        Assert.Equal(2, girls.Constant("ShortestSampleLength")); // without smoothing ".an." and ".bo." are the shortest paths
        Assert.Equal(".dez", GeneratorHarness.Model(assembly, "My.App.NameModel").Alphabet);
    }

    [Fact]
    public void Without_a_root_namespace_the_class_is_global()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("ab")], rootNamespace: null);
        Assert.Empty(diagnostics);
        Assert.NotNull(GeneratorHarness.Load(output).GetType("NameModel"));
    }

    [Fact]
    public void Generated_source_holds_tables_as_constant_data_without_a_static_constructor()
    {
        var (output, _, _) = GeneratorHarness.Run([GeneratorHarness.Names(HandMade)]);
        SyntaxTree generated = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Consumer.NameModel.g.cs", StringComparison.Ordinal));
        string source = generated.ToString();
        Assert.Contains("public static global::System.ReadOnlySpan<int> Counts => new int[]", source, StringComparison.Ordinal);
        Assert.DoesNotContain("static NameModel()", source, StringComparison.Ordinal);
        Assert.DoesNotContain("static readonly", source, StringComparison.Ordinal);
        Assert.DoesNotContain("System.IO", source, StringComparison.Ordinal);

        var type = GeneratorHarness.Load(output).GetType("Consumer.NameModel")!;
        Assert.Null(type.TypeInitializer);
    }

    internal static void AssertSameTables(GeneratorHarness.LoadedModel generated, BigramModel runtime)
    {
        Assert.Equal(runtime.Alphabet.ToString(), generated.Alphabet);
        Assert.Equal(runtime.Counts.ToArray(), generated.Table<int>("Counts"));
        Assert.Equal(Bits(runtime.Probabilities.ToArray()), Bits(generated.Table<float>("Probabilities")));
        Assert.Equal(Bits(runtime.LogProbabilities.ToArray()), Bits(generated.Table<double>("LogProbabilities")));
        Assert.Equal(runtime.AliasTable.ToArray(), generated.Table<uint>("AliasTable"));
        Assert.Equal(runtime.AsciiIndex.ToArray(), generated.Table<byte>("AsciiIndex"));
        Assert.Equal(runtime.ShortestSampleLength, generated.Constant("ShortestSampleLength"));
        Assert.Equal(runtime.NameCount, generated.Constant("NameCount"));
        Assert.Equal(runtime.BigramCount, generated.Constant("BigramCount"));
    }

    private static IEnumerable<int> Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits);

    private static IEnumerable<long> Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits);
}
