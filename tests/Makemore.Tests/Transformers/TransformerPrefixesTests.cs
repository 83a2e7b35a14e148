using System;
using System.Linq;
using Makemore.Modeling.Neural;
using Makemore.Tests.Training.Transformer;
using Makemore.Transformers;
using Xunit;

namespace Makemore.Tests.Transformers;

public sealed class TransformerPrefixesTests
{
    private static TransformerModel Loaded => LanguageModel.FromWeights(TrainedModels.TinyFile).Transformer!;

    [Fact]
    public void A_loaded_model_keeps_its_first_two_positions_and_scores_every_name_to_the_same_bits_as_passes_from_scratch()
    {
        TransformerWeights cached = Loaded.Weights;
        TransformerWeights computed = TrainedModels.TinyWeights;
        Assert.False(cached.Prefixes.IsEmpty);
        Assert.True(computed.Prefixes.IsEmpty);
        string[] names = [.. TinyTransformer.Train, .. TinyTransformer.HeldOut, .. TinyTransformer.Test, string.Empty, "e", "eeeee"];
        float[] a = new float[TransformerWorkspace.Length(cached.Layout)];
        float[] b = new float[TransformerWorkspace.Length(computed.Layout)];
        foreach (string name in names)
        {
            Assert.Equal(
                BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(computed, name, b)),
                BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(cached, name, a)));
            foreach (char next in ".abcde")
            {
                Assert.Equal(
                    BitConverter.DoubleToInt64Bits(TransformerInference.Probability(computed, name.AsSpan(0, Math.Min(name.Length, 2)), next, b)),
                    BitConverter.DoubleToInt64Bits(TransformerInference.Probability(cached, name.AsSpan(0, Math.Min(name.Length, 2)), next, a)));
            }
        }
    }

    [Fact]
    public void Names_drawn_with_the_kept_positions_are_the_names_drawn_without_them()
    {
        TransformerWeights cached = Loaded.Weights;
        TransformerWeights computed = TrainedModels.TinyWeights;
        float[] a = new float[TransformerWorkspace.Length(cached.Layout)];
        float[] b = new float[TransformerWorkspace.Length(computed.Layout)];
        var first = new Xoshiro256StarStar(21);
        var second = new Xoshiro256StarStar(21);
        char[] x = new char[16];
        char[] y = new char[16];
        for (int i = 0; i < 2000; i++)
        {
            int m = TransformerInference.Sample(cached, ref first, x, 0.8, a);
            int n = TransformerInference.Sample(computed, ref second, y, 0.8, b);
            Assert.Equal(new string(y, 0, n), new string(x, 0, m));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void A_batch_that_restores_the_kept_positions_writes_the_names_a_batch_computing_them_writes(int slots)
    {
        TransformerWeights cached = Loaded.Weights;
        TransformerWeights computed = TrainedModels.TinyWeights;
        float[] a = new float[TransformerWorkspace.Length(cached.Layout, slots)];
        float[] b = new float[TransformerWorkspace.Length(computed.Layout, slots)];
        var first = new Xoshiro256StarStar(22);
        var second = new Xoshiro256StarStar(22);
        char[] x = new char[3000 * (cached.LongestName + 1)];
        char[] y = new char[x.Length];
        int m = TransformerBatchSampler.SampleLines(cached, ref first, x, 3000, 1.0, slots, a, out int xChars);
        int n = TransformerBatchSampler.SampleLines(computed, ref second, y, 3000, 1.0, slots, b, out int yChars);

        Assert.Equal(3000, m);
        Assert.Equal(n, m);
        Assert.Equal(new string(y, 0, yChars), new string(x, 0, xChars));
    }

    [Fact]
    public void Position_two_is_saved_by_the_first_pass_that_reaches_it_and_restored_after()
    {
        TransformerModel model = Loaded;
        TransformerWeights w = model.Weights;
        TransformerPrefixes.ThirdPositions third = w.Third!;
        Assert.All(third.States, state => Assert.Equal(0, state));
        float[] workspace = new float[TransformerWorkspace.Length(w.Layout)];
        double first = TransformerInference.NegativeLogLikelihood(w, "abe", workspace);

        // Only the entry after 'a', 'b' is saved: (a − 1) · (V − 1) + (b − 1).
        int a = w.IndexOf('a');
        int b = w.IndexOf('b');
        int v = w.Layout.Vocabulary;
        int[] saved = Enumerable.Range(0, third.States.Length).Where(i => third.States[i] != 0).ToArray();
        Assert.Equal([((a - 1) * (v - 1)) + (b - 1)], saved);
        Assert.Equal(BitConverter.DoubleToInt64Bits(first), BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(w, "abe", workspace)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(first), BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(TrainedModels.TinyWeights, "abe", workspace)));
        Assert.Equal((4L * w.Parameters.Length) + (2L * w.HalfPanels.Length) + (4L * w.Prefixes.Length) + (4L * third.Entries.Length) + (4L * third.States.Length), model.MemoryBytes);
    }

    [Theory]
    [InlineData(27, true)]
    [InlineData(120, false)] // 119² entries of 2 · 2 · 32 + 120 floats: 14 MB, over the 4 MiB the table may take
    public void Position_two_is_kept_only_for_alphabets_whose_table_is_small(int vocabulary, bool kept)
    {
        var layout = new NeuralLayout(layers: 2, heads: 2, embedding: 32, context: 8, vocabulary);
        var random = new Random(vocabulary);
        float[] parameters = Enumerable.Range(0, layout.ParameterCount).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f).ToArray();
        string alphabet = "." + new string(Enumerable.Range(0, vocabulary - 1).Select(i => (char)('A' + i)).ToArray());
        TransformerModel model = LanguageModel.FromWeights(NeuralWeightsWriter.Write(layout, alphabet, parameters, "test", NeuralElementType.Float32)).Transformer!;

        Assert.Equal(kept, model.Weights.Third is not null);
        float[] workspace = new float[TransformerWorkspace.Length(layout)];
        Assert.True(double.IsFinite(TransformerInference.NegativeLogLikelihood(model.Weights, "ABC", workspace)));
    }
}
