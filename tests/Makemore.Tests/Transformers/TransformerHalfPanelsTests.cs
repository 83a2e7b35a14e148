using System;
using System.IO;
using System.Linq;
using Makemore.Modeling.Neural;
using Makemore.Tests.Docs;
using Makemore.Transformers;
using Xunit;

namespace Makemore.Tests.Transformers;

/// <summary>A loaded float16 model's passes through its half panels against the float32 parameters' passes.</summary>
public sealed class TransformerHalfPanelsTests
{
    private static byte[] NamesWeights => File.ReadAllBytes(Path.Combine(RepositoryFiles.Root(), "data", "names.weights"));

    private static byte[] TinyHalfFile
    {
        get
        {
            TransformerWeights w = TrainedModels.TinyWeights;
            return NeuralWeightsWriter.Write(w.Layout, ".abcde", w.Parameters, "half", NeuralElementType.Float16);
        }
    }

    [Fact]
    public void The_trained_models_names_score_and_draw_to_the_same_bits_through_the_half_panels()
    {
        byte[] file = NamesWeights;
        TransformerWeights packed = LanguageModel.FromWeights(file).Transformer!.Weights;
        TransformerWeights plain = Decoded(file);
        Assert.Equal(HalfPanelProduct.IsSupported, !packed.HalfPanels.IsEmpty);
        Assert.True(plain.HalfPanels.IsEmpty);

        string alphabet = LanguageModel.FromWeights(file).Transformer!.Alphabet;
        string[] names = File.ReadAllLines(Path.Combine(RepositoryFiles.Root(), "data", "names.txt"))
            .Where(n => n.Length > 0 && n.All(ch => alphabet.IndexOf(ch, 1) > 0)).Take(300).ToArray();
        Assert.Equal(300, names.Length);
        AssertSameScores(packed, plain, names);
        AssertSameDraws(packed, plain, 300);
    }

    [Fact]
    public void A_tiny_float16_models_narrow_panels_give_the_same_bits()
    {
        byte[] file = TinyHalfFile;
        TransformerWeights packed = LanguageModel.FromWeights(file).Transformer!.Weights;
        TransformerWeights plain = Decoded(file);
        Assert.Equal(HalfPanelProduct.IsSupported, !packed.HalfPanels.IsEmpty);
        AssertSameScores(packed, plain, [string.Empty, "a", "abc", "edcba", "aaaaa"]);
        AssertSameDraws(packed, plain, 2000);
    }

    [Fact]
    public void Passes_through_the_half_panels_allocate_nothing_per_name()
    {
        TransformerWeights w = LanguageModel.FromWeights(NamesWeights).Transformer!.Weights;
        Assert.Equal(HalfPanelProduct.IsSupported, !w.HalfPanels.IsEmpty);
        float[] workspace = new float[TransformerWorkspace.Length(w.Layout, 48)];
        char[] buffer = new char[w.LongestName];
        char[] lines = new char[240 * (w.LongestName + 1)];
        var random = new Xoshiro256StarStar(16);
        Run(ref random, w, workspace, buffer, lines);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(ref random, w, workspace, buffer, lines);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Run(ref Xoshiro256StarStar random, in TransformerWeights w, float[] workspace, char[] buffer, char[] lines)
        {
            for (int i = 0; i < 100; i++)
            {
                int length = TransformerInference.Sample(w, ref random, buffer, 1.0, workspace);
                TransformerInference.NegativeLogLikelihood(w, buffer.AsSpan(0, length), workspace);
            }

            TransformerBatchSampler.SampleLines(w, ref random, lines, 240, 1.0, 48, workspace, out _);
        }
    }

    [Fact]
    public void A_float32_model_whose_weights_are_not_halves_keeps_no_panels()
    {
        Assert.True(LanguageModel.FromWeights(TrainedModels.TinyFile).Transformer!.Weights.HalfPanels.IsEmpty);
    }

    private static void AssertSameScores(in TransformerWeights packed, in TransformerWeights plain, string[] names)
    {
        float[] a = new float[TransformerWorkspace.Length(packed.Layout)];
        float[] b = new float[TransformerWorkspace.Length(plain.Layout)];
        foreach (string name in names)
        {
            Assert.Equal(
                BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(plain, name, b)),
                BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(packed, name, a)));
        }
    }

    private static void AssertSameDraws(in TransformerWeights packed, in TransformerWeights plain, int count)
    {
        float[] a = new float[TransformerWorkspace.Length(packed.Layout)];
        float[] b = new float[TransformerWorkspace.Length(plain.Layout)];
        var first = new Xoshiro256StarStar(23);
        var second = new Xoshiro256StarStar(23);
        char[] x = new char[packed.LongestName];
        char[] y = new char[plain.LongestName];
        for (int i = 0; i < count; i++)
        {
            int m = TransformerInference.Sample(packed, ref first, x, 0.9, a);
            int n = TransformerInference.Sample(plain, ref second, y, 0.9, b);
            Assert.Equal(new string(y, 0, n), new string(x, 0, m));
        }
    }

    private static TransformerWeights Decoded(byte[] file)
    {
        Assert.True(NeuralWeightsReader.ReadHeader(file, out NeuralHeader header).IsNone);
        var parameters = new float[header.Layout.ParameterCount];
        NeuralWeightsReader.ReadParameters(file, header, parameters);
        return TransformerWeights.Decoded(file, parameters);
    }
}
