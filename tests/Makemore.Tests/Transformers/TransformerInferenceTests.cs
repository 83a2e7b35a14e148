using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Makemore.Modeling.Neural;
using Makemore.Transformers;
using Makemore.Tests.Statistics;
using Makemore.Tests.Training.Transformer;
using Xunit;

namespace Makemore.Tests.Transformers;

public sealed class TransformerInferenceTests
{
    [Fact]
    public void The_runtimes_negative_log_likelihood_is_the_trainers_own_evaluation()
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        string[] names = [.. TinyTransformer.Train, .. TinyTransformer.HeldOut, .. TinyTransformer.Test, string.Empty, "eeeee"];
        double[] trainer = TrainedModels.TinyTrainer.NameLosses(names);
        Span<float> workspace = new float[TransformerWorkspace.Length(w.Layout)];
        for (int i = 0; i < names.Length; i++)
        {
            double runtime = TransformerInference.NegativeLogLikelihood(w, names[i], workspace);
            Assert.True(Math.Abs(runtime - trainer[i]) <= 1e-5, $"'{names[i]}': runtime {runtime:G17}, trainer {trainer[i]:G17}");
        }
    }

    [Fact]
    public void The_probabilities_of_a_name_multiply_to_its_likelihood_and_each_context_sums_to_one()
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        Span<float> workspace = new float[TransformerWorkspace.Length(w.Layout)];
        foreach (string name in new[] { "ab", "cede", string.Empty, "acbad" })
        {
            double logP = 0;
            for (int i = 0; i <= name.Length; i++)
            {
                string prefix = name[..Math.Min(i, name.Length)];
                char next = i < name.Length ? name[i] : w.Boundary;
                logP += Math.Log(TransformerInference.Probability(w, prefix, next, workspace));
                double total = 0;
                foreach (char ch in ".abcde")
                {
                    total += TransformerInference.Probability(w, prefix, ch, workspace);
                }

                Assert.Equal(1, total, 12);
            }

            Assert.Equal(TransformerInference.NegativeLogLikelihood(w, name, workspace), -logP, 9);
        }
    }

    [Fact]
    public void After_context_minus_one_characters_the_end_is_certain_and_longer_names_are_impossible()
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        Span<float> workspace = new float[TransformerWorkspace.Length(w.Layout)];

        Assert.Equal(5, w.LongestName);
        Assert.Equal(1, TransformerInference.Probability(w, "abcde", '.', workspace));
        Assert.Equal(0, TransformerInference.Probability(w, "abcde", 'a', workspace));
        Assert.Equal(double.PositiveInfinity, TransformerInference.NegativeLogLikelihood(w, "abcdea", workspace));
    }

    [Fact]
    public void A_character_outside_the_alphabet_is_an_argument_exception_naming_it()
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        float[] workspace = new float[TransformerWorkspace.Length(w.Layout)];

        ArgumentException e = Assert.Throws<ArgumentException>(() => TransformerInference.NegativeLogLikelihood(TrainedModels.TinyWeights, "abz", workspace));
        Assert.StartsWith("The character 'z' (U+007A) at index 2 is not a symbol of the model.", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TransformerInference.Probability(TrainedModels.TinyWeights, "a", 'q', workspace));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.6)]
    [InlineData(1.7)]
    public void Sampled_names_follow_the_models_next_symbol_probabilities_in_every_frequent_context(double temperature)
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        Span<float> workspace = new float[TransformerWorkspace.Length(w.Layout)];
        var random = new Xoshiro256StarStar(11);
        Span<char> buffer = stackalloc char[16];
        var names = new List<string>();
        for (int i = 0; i < 60_000; i++)
        {
            names.Add(buffer[..TransformerInference.Sample(w, ref random, buffer, temperature, workspace)].ToString());
        }

        AssertContextsFit(TrainedModels.TinyWeights, names, temperature, workspace.ToArray());
    }

    [Fact]
    public void Names_sampled_in_a_batch_follow_the_same_probabilities()
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        const int Slots = 7;
        Span<float> workspace = new float[TransformerWorkspace.Length(w.Layout, Slots)];
        var random = new Xoshiro256StarStar(12);
        var text = new char[60_000 * (w.LongestName + 1)];
        int written = TransformerBatchSampler.SampleLines(w, ref random, text, 60_000, 1.0, Slots, workspace, out int chars);

        Assert.Equal(60_000, written);
        string[] names = new string(text, 0, chars).Split('\n')[..^1];
        Assert.Equal(60_000, names.Length);
        AssertContextsFit(TrainedModels.TinyWeights, names, 1.0, new float[TransformerWorkspace.Length(w.Layout)]);
    }

    [Fact]
    public void A_batch_writes_only_whole_names_and_stops_before_the_destination_could_overflow()
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        Span<float> workspace = new float[TransformerWorkspace.Length(w.Layout, 4)];
        var random = new Xoshiro256StarStar(13);
        var text = new char[50];
        int written = TransformerBatchSampler.SampleLines(w, ref random, text, int.MaxValue, 1.0, 4, workspace, out int chars);

        Assert.True(written >= 50 / (w.LongestName + 1), $"{written}");
        Assert.Equal(written, text.AsSpan(0, chars).Count('\n'));
        Assert.Equal('\n', text[chars - 1]);
    }

    [Fact]
    public void A_name_longer_than_the_destination_is_drawn_again()
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        Span<float> workspace = new float[TransformerWorkspace.Length(w.Layout)];
        var random = new Xoshiro256StarStar(14);
        Span<char> buffer = stackalloc char[1];
        var lengths = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            lengths.Add(TransformerInference.Sample(w, ref random, buffer, 1.0, workspace));
        }

        Assert.Equal([0, 1], lengths.Order());
    }

    [Fact]
    public void Sampling_scoring_and_batches_allocate_nothing_per_name()
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        Span<float> workspace = TransformerWorkspace.ForThisThread(TransformerWorkspace.Length(w.Layout, TransformerBatchSampler.DefaultSlots));
        var random = new Xoshiro256StarStar(15);
        Span<char> buffer = stackalloc char[16];
        Span<char> lines = stackalloc char[1000];
        Run(ref random, w, workspace, buffer, lines);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(ref random, w, workspace, buffer, lines);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        static void Run(ref Xoshiro256StarStar random, in TransformerWeights w, Span<float> workspace, Span<char> buffer, Span<char> lines)
        {
            for (int i = 0; i < 200; i++)
            {
                int length = TransformerInference.Sample(w, ref random, buffer, 1.0, workspace);
                TransformerInference.NegativeLogLikelihood(w, buffer[..length], workspace);
                TransformerInference.Probability(w, buffer[..length], w.Boundary, workspace);
            }

            TransformerBatchSampler.SampleLines(w, ref random, lines, 100, 1.0, TransformerBatchSampler.DefaultSlots, workspace, out _);
        }
    }

    [Fact]
    public void A_float16_file_is_not_read_in_place_but_decodes()
    {
        TransformerWeights w = TrainedModels.TinyWeights;
        byte[] half = NeuralWeightsWriter.Write(w.Layout, ".abcde", w.Parameters, "half", NeuralElementType.Float16);

        Assert.Throws<NotSupportedException>(() => TransformerWeights.Read(half));
        Assert.True(NeuralWeightsReader.ReadHeader(half, out NeuralHeader header).IsNone);
        var parameters = new float[header.Layout.ParameterCount];
        NeuralWeightsReader.ReadParameters(half, header, parameters);
        TransformerWeights decoded = TransformerWeights.Decoded(half, parameters);
        Span<float> workspace = new float[TransformerWorkspace.Length(decoded.Layout)];
        Assert.Equal(TransformerInference.NegativeLogLikelihood(w, "abc", workspace), TransformerInference.NegativeLogLikelihood(decoded, "abc", workspace), 2);
    }

    [Fact]
    public void A_file_that_is_not_weights_is_refused_with_the_readers_message()
    {
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => TransformerWeights.Read(TrainedModels.TinyFile.AsSpan(0, 60)));

        Assert.StartsWith("The weights file is truncated: it has 60 bytes", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// For every prefix the sampled names pass through at least 2,000 times, the symbols that follow it (the end
    /// included) fit the model's own P(next | prefix) at the temperature, by chi-square.
    /// </summary>
    private static void AssertContextsFit(TransformerWeights w, IReadOnlyList<string> names, double temperature, float[] workspace)
    {
        var counts = new Dictionary<string, long[]>();
        foreach (string name in names)
        {
            for (int i = 0; i <= name.Length && i < w.LongestName; i++)
            {
                string prefix = name[..i];
                if (!counts.TryGetValue(prefix, out long[]? row))
                {
                    counts[prefix] = row = new long[w.Layout.Vocabulary];
                }

                row[i < name.Length ? w.IndexOf(name[i]) : 0]++;
            }
        }

        int tested = 0;
        var probabilities = new double[w.Layout.Vocabulary];
        foreach ((string prefix, long[] observed) in counts)
        {
            if (observed.Sum() < 2000)
            {
                continue;
            }

            var symbols = new int[prefix.Length];
            for (int i = 0; i < prefix.Length; i++)
            {
                symbols[i] = w.IndexOf(prefix[i]);
            }

            TransformerInference.NextProbabilities(w, symbols, temperature, probabilities, workspace);
            (double statistic, double p) = ChiSquare.Test(observed, probabilities);
            Assert.True(p >= ChiSquare.RejectBelow, $"after '{prefix}' at T = {temperature}: χ² = {statistic:F1}, p = {p:G3}");
            tested++;
        }

        Assert.True(tested >= 8, $"only {tested} contexts were frequent enough");
    }
}
