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
    public void A_loaded_model_keeps_its_first_four_positions_and_scores_every_name_to_the_same_bits_as_passes_from_scratch()
    {
        TransformerWeights cached = Loaded.Weights;
        TransformerWeights computed = TrainedModels.TinyWeights;
        Assert.False(cached.Prefixes.IsEmpty);
        Assert.Equal(2, cached.Kept.Length);
        Assert.True(computed.Prefixes.IsEmpty);
        string[] names = [.. TinyTransformer.Train, .. TinyTransformer.HeldOut, .. TinyTransformer.Test, string.Empty, "e", "eeeee", "abcd", "abce"];
        float[] a = new float[TransformerWorkspace.Length(cached.Layout)];
        float[] b = new float[TransformerWorkspace.Length(computed.Layout)];

        // Twice: the first time the passes at positions 2 and 3 are computed and saved, the second restored.
        foreach (string name in names.Concat(names))
        {
            Assert.Equal(
                BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(computed, name, b)),
                BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(cached, name, a)));
            foreach (char next in ".abcde")
            {
                for (int length = 0; length <= Math.Min(name.Length, 3); length++)
                {
                    Assert.Equal(
                        BitConverter.DoubleToInt64Bits(TransformerInference.Probability(computed, name.AsSpan(0, length), next, b)),
                        BitConverter.DoubleToInt64Bits(TransformerInference.Probability(cached, name.AsSpan(0, length), next, a)));
                }
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
    public void A_batch_that_restores_the_kept_positions_writes_the_names_a_batch_computing_them_writes(int slots) =>
        Assert.Equal(3000, BatchesAgree(Loaded.Weights, slots, 3000, 22));

    [Fact]
    public void Positions_two_and_three_are_saved_by_the_first_pass_that_reaches_them_and_restored_after()
    {
        TransformerModel model = Loaded;
        TransformerWeights w = model.Weights;
        Assert.All(w.Kept, table => Assert.All(table.States, state => Assert.Equal(0, state)));
        float[] workspace = new float[TransformerWorkspace.Length(w.Layout)];
        double first = TransformerInference.NegativeLogLikelihood(w, "abe", workspace);

        // Only the prefixes "ab" and "abe" are saved, as entry 0 of each table: digits a − 1, b − 1, e − 1 in base V − 1.
        int a = w.IndexOf('a');
        int b = w.IndexOf('b');
        int e = w.IndexOf('e');
        int radix = w.Layout.Vocabulary - 1;
        Assert.Equal([(((a - 1) * radix) + (b - 1), 1)], Saved(w.Kept[0]));
        Assert.Equal([(((((a - 1) * radix) + (b - 1)) * radix) + (e - 1), 1)], Saved(w.Kept[1]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(first), BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(w, "abe", workspace)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(first), BitConverter.DoubleToInt64Bits(TransformerInference.NegativeLogLikelihood(TrainedModels.TinyWeights, "abe", workspace)));

        // "abc" takes position 2's saved entry and position 3's second one.
        TransformerInference.NegativeLogLikelihood(w, "abc", workspace);
        Assert.Single(Saved(w.Kept[0]));
        Assert.Equal(2, Saved(w.Kept[1]).Length);
        Assert.Equal((4L * w.Parameters.Length) + (2L * w.HalfPanels.Length) + (4L * w.Prefixes.Length) + w.Kept.Sum(t => (4L * t.Entries.Length) + (4L * t.States.Length)), model.MemoryBytes);

        static (int Prefix, int State)[] Saved(TransformerPrefixes.KeptPosition table) =>
            [.. Enumerable.Range(0, table.States.Length).Where(i => table.States[i] != 0).Select(i => (i, table.States[i]))];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Tables_too_small_for_every_prefix_compute_the_passes_they_have_no_room_for(int slots)
    {
        // Room for one entry at position 2 and two at position 3: every later prefix is computed each time.
        TransformerModel model = Loaded;
        int entry = (2 * model.Layout.Layers * model.Layout.Embedding) + model.Layout.Vocabulary;
        int radix = model.Layout.Vocabulary - 1;
        TransformerWeights loaded = model.Weights;
        byte[] file = TrainedModels.TinyFile;
        Assert.True(NeuralWeightsReader.ReadHeader(file, out NeuralHeader header).IsNone);
        TransformerWeights small = TransformerWeights.FromParts(
            header, file.AsSpan(NeuralHeader.AlphabetOffset, 2 * header.Layout.Vocabulary), loaded.Parameters, loaded.Prefixes, loaded.HalfPanels,
            [new TransformerPrefixes.KeptPosition(new int[radix * radix], new float[entry], 1), new TransformerPrefixes.KeptPosition(new int[radix * radix * radix], new float[2 * entry], 2)]);
        Assert.Equal(1000, BatchesAgree(small, slots, 1000, 23));
        Assert.Equal(1, small.Kept[0].States.Count(state => state > 0));
        Assert.Equal(2, small.Kept[1].States.Count(state => state > 0));
        Assert.Contains(-2, small.Kept[1].States); // prefixes reached when the table was full
    }

    [Theory]
    [InlineData(27, 2)]
    [InlineData(41, 2)]  // 40³ = 64,000 prefixes at position 3: the most an index may hold is 65,536
    [InlineData(42, 1)]  // 41³ = 68,921: position 3 is not kept; position 2's 1,681 entries all fit
    [InlineData(120, 1)] // 119² = 14,161 prefixes at position 2, room for 4,228 of them (entries of 2 · 2 · 32 + 120 floats)
    [InlineData(300, 0)] // 299² = 89,401 prefixes at position 2: none kept
    public void Positions_are_kept_while_their_index_is_small(int vocabulary, int kept)
    {
        var layout = new NeuralLayout(layers: 2, heads: 2, embedding: 32, context: 8, vocabulary);
        var random = new Random(vocabulary);
        float[] parameters = Enumerable.Range(0, layout.ParameterCount).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f).ToArray();
        string alphabet = "." + new string(Enumerable.Range(0, vocabulary - 1).Select(i => (char)('A' + i)).ToArray());
        TransformerModel model = LanguageModel.FromWeights(NeuralWeightsWriter.Write(layout, alphabet, parameters, "test", NeuralElementType.Float32)).Transformer!;

        Assert.Equal(kept, model.Weights.Kept.Length);
        Assert.All(model.Weights.Kept, table => Assert.InRange(4L * table.Entries.Length, 1, TransformerPrefixes.MaxKeptPositionBytes));
        float[] workspace = new float[TransformerWorkspace.Length(layout)];
        Assert.True(double.IsFinite(TransformerInference.NegativeLogLikelihood(model.Weights, "ABCD", workspace)));
    }

    /// <summary>Draws names in a batch with the model's kept positions and with none (every pass computed): the same lines; returns how many.</summary>
    private static int BatchesAgree(TransformerWeights cached, int slots, int names, ulong seed)
    {
        TransformerWeights computed = TrainedModels.TinyWeights;
        float[] a = new float[TransformerWorkspace.Length(cached.Layout, slots)];
        float[] b = new float[TransformerWorkspace.Length(computed.Layout, slots)];
        var first = new Xoshiro256StarStar(seed);
        var second = new Xoshiro256StarStar(seed);
        char[] x = new char[names * (cached.LongestName + 1)];
        char[] y = new char[x.Length];
        int m = TransformerBatchSampler.SampleLines(cached, ref first, x, names, 1.0, slots, a, out int xChars);
        int n = TransformerBatchSampler.SampleLines(computed, ref second, y, names, 1.0, slots, b, out int yChars);
        Assert.Equal(n, m);
        Assert.Equal(new string(y, 0, yChars), new string(x, 0, xChars));
        return m;
    }
}
