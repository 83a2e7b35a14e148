using System.Collections.Generic;
using System;
using Makemore.Bigram;
using Makemore.Sampling;
using Makemore.Tests.Statistics;
using Xunit;

namespace Makemore.Tests.Sampling;

/// <summary>
/// The bulk sampler (<see cref="BigramBulkSampler"/>): its names follow the model row by row, it allocates
/// nothing, it never truncates a name, and the parallel variant is deterministic whatever the thread count.
/// </summary>
public sealed class BulkSamplerTests
{
    private const int NamesForChiSquare = 1_000_000;

    private static readonly Lazy<LanguageModel> DefaultModel = new(() => Bigram.FromText(DefaultData.Text));

    [Fact]
    public void Generated_model_bulk_names_pass_chi_square_on_every_row()
    {
        LanguageModel model = DefaultModel.Value;
        var rng = new Xoshiro256StarStar(2147483647);
        var buffer = new char[1 << 16];
        long[] transitions = Transitions(model, NamesForChiSquare, buffer, chunk =>
        {
            int names = DefaultNames.SampleLines(ref rng, chunk, out int written);
            return (names, written);
        });

        AssertRowsFit(model, transitions);
    }

    [Fact]
    public void Small_buffers_served_by_the_single_lane_also_pass_chi_square()
    {
        // 300 characters: too short for the lanes (8 regions of 4 × 65 characters), so every name comes from the tail lane.
        LanguageModel model = DefaultModel.Value;
        var rng = new Xoshiro256StarStar(42);
        var buffer = new char[300];
        long[] transitions = Transitions(model, 200_000, buffer, chunk =>
        {
            int names = BigramBulkSampler.SampleLines(ref rng, model.AliasTable, model.Alphabet, model.ShortestSampleLength, chunk, out int written);
            return (names, written);
        });

        AssertRowsFit(model, transitions);
    }

    [Fact]
    public void Parallel_names_pass_chi_square_on_every_row()
    {
        LanguageModel model = DefaultModel.Value;
        var rng = new Xoshiro256StarStar(7);
        var buffer = new char[(16 * ParallelLines.ChunkLength) + 999];
        long[] transitions = Transitions(model, NamesForChiSquare, buffer, chunk =>
        {
            // The chunk is the whole buffer here: the parallel variant needs Memory<char>.
            int names = DefaultNames.SampleLinesParallel(ref rng, buffer.AsMemory(0, chunk.Length), out int written);
            return (names, written);
        });

        AssertRowsFit(model, transitions);
    }

    [LectureFact]
    public void Lecture_model_bulk_names_pass_chi_square_on_every_row()
    {
        LanguageModel model = Bigram.FromText(LectureData.Text);
        var rng = new Xoshiro256StarStar(2147483647);
        var buffer = new char[50_000];
        long[] transitions = Transitions(model, NamesForChiSquare, buffer, chunk =>
        {
            int names = BigramBulkSampler.SampleLines(ref rng, model.AliasTable, model.Alphabet, model.ShortestSampleLength, chunk, out int written);
            return (names, written);
        });

        AssertRowsFit(model, transitions);
    }

    [Fact]
    public void Names_longer_than_the_limit_are_redrawn_so_lengths_follow_the_conditioned_model()
    {
        // One name "aaaaaaaaaa", no smoothing: P(a | .) = 1, P(a | a) = 0.9, P(. | a) = 0.1, so a name has length
        // k ≥ 1 with probability 0.9^(k−1) × 0.1. Conditioned on k ≤ max, the lengths must fit that law: a
        // sampler that truncated or dropped names by position would skew it. 31 takes the vector check for long
        // lines, 6 the scalar one.
        LanguageModel model = Bigram.FromText("aaaaaaaaaa", smoothing: 0);
        foreach (int max in new[] { 31, 6 })
        {
            var rng = new Xoshiro256StarStar((ulong)max);
            var buffer = new char[20_000];
            var lengths = new long[max + 1];
            long total = 0;
            while (total < 300_000)
            {
                int names = BigramBulkSampler.SampleLines(ref rng, model.AliasTable, model.Alphabet, model.ShortestSampleLength, buffer, out int written, max);
                foreach (Range line in Lines(buffer.AsSpan(0, written)))
                {
                    ReadOnlySpan<char> name = buffer.AsSpan(0, written)[line];
                    Assert.True(name.Length <= max, $"a name of {name.Length} characters came out with a limit of {max}");
                    Assert.True(name.Length >= 1 && name.IndexOfAnyExcept('a') < 0, $"unexpected name \"{name.ToString()}\"");
                    lengths[name.Length]++;
                }

                total += names;
            }

            var expected = new double[max + 1];
            double mass = 1 - Math.Pow(0.9, max);
            for (int k = 1; k <= max; k++)
            {
                expected[k] = Math.Pow(0.9, k - 1) * 0.1 / mass;
            }

            (double statistic, double p) = ChiSquare.Test(lengths, expected);
            Assert.True(p >= ChiSquare.RejectBelow, $"limit {max}: lengths do not fit the conditioned model (χ² = {statistic:F1}, p = {p:E2})");
        }
    }

    [Fact]
    public void Whole_names_only_and_the_buffer_is_filled_to_within_one_name()
    {
        // Smoothing 0 and one name: the model can only say "abcdefghij" (10 characters + '\n').
        LanguageModel model = Bigram.FromText("abcdefghij", smoothing: 0);
        Assert.Equal(10, model.ShortestSampleLength);
        var rng = new Xoshiro256StarStar(1);
        foreach (int length in new[] { 0, 10 })
        {
            // Too short for one name of the limit and its '\n': refused, not 0 names in silence.
            Assert.Throws<ArgumentException>(() => BigramBulkSampler.SampleLines(ref rng, model.AliasTable, model.Alphabet, model.ShortestSampleLength, new char[length], out _, maxNameLength: 10));
        }

        foreach (int length in new[] { 11, 12, 100, 1000, 4099, 1 << 16 })
        {
            var buffer = new char[length];
            int names = BigramBulkSampler.SampleLines(ref rng, model.AliasTable, model.Alphabet, model.ShortestSampleLength, buffer, out int written, maxNameLength: 10);
            Assert.Equal(names * 11, written);
            Assert.True(length - written < 11, $"{length - written} characters left unused in a buffer of {length}");
            for (int i = 0; i < names; i++)
            {
                Assert.Equal("abcdefghij\n", new string(buffer, i * 11, 11));
            }
        }
    }

    [Fact]
    public void Every_line_is_a_name_of_the_alphabet_and_the_count_is_the_number_of_lines()
    {
        LanguageModel model = DefaultModel.Value;
        var rng = new Xoshiro256StarStar(3);
        foreach (int length in new[] { 65, 66, 500, 2079, 2080, 2081, 10_000, 1 << 16 })
        {
            var buffer = new char[length];
            int names = BigramBulkSampler.SampleLines(ref rng, model.AliasTable, model.Alphabet, model.ShortestSampleLength, buffer, out int written);
            Assert.InRange(written, 0, length);
            Assert.True(length - written <= BigramBulkSampler.DefaultMaxNameLength, $"{length - written} characters left unused in a buffer of {length}");
            Assert.True(written == 0 || buffer[written - 1] == '\n', "the output must end with a whole line");
            int lines = 0;
            foreach (Range line in Lines(buffer.AsSpan(0, written)))
            {
                ReadOnlySpan<char> name = buffer.AsSpan(0, written)[line];
                Assert.True(name.Length <= BigramBulkSampler.DefaultMaxNameLength);
                foreach (char c in name)
                {
                    Assert.True(c != '.' && model.Alphabet.Contains(c), $"'{c}' is not a symbol of the model");
                }

                lines++;
            }

            Assert.Equal(lines, names);
        }
    }

    [Fact]
    public void Too_small_a_limit_or_a_malformed_table_is_refused()
    {
        LanguageModel model = Bigram.FromText("abcdefghij", smoothing: 0);
        var rng = new Xoshiro256StarStar(1);
        var buffer = new char[1000];
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            BigramBulkSampler.SampleLines(ref rng, model.AliasTable, model.Alphabet, model.ShortestSampleLength, buffer, out _, maxNameLength: 9));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            BigramBulkSampler.SampleLinesParallel(ref rng, model.AliasTable, model.Alphabet, model.ShortestSampleLength, buffer, out _, maxDegreeOfParallelism: 0));

        uint[] broken = model.AliasTable.ToArray();
        broken[10] = (broken[10] & 0xFFFFFF00u) | 0xFE; // cell 5 (two words a cell): an alias beyond the alphabet
        Assert.Throws<ArgumentException>(() =>
            BigramBulkSampler.SampleLines(ref rng, broken, model.Alphabet, model.ShortestSampleLength, buffer, out _));
        Assert.Throws<ArgumentException>(() =>
            BigramBulkSampler.SampleLines(ref rng, broken.AsSpan(1), model.Alphabet, model.ShortestSampleLength, buffer, out _));
    }

    [Fact]
    public void Bulk_sampling_allocates_nothing()
    {
        // The tables are fetched once: in an unoptimised (Debug) build, each read of a generated ReadOnlySpan<uint>
        // table property allocates a little (the runtime's path for RuntimeHelpers.CreateSpan without the JIT's
        // intrinsic), whatever method it is passed to; Release code reads constant data directly.
        ReadOnlySpan<uint> table = DefaultAliasTable;
        ReadOnlySpan<char> alphabet = DefaultNames.Alphabet;
        var rng = new Xoshiro256StarStar(11);
        var buffer = new char[1 << 15];
        var small = new char[200];
        for (int i = 0; i < 300; i++)
        {
            BigramBulkSampler.SampleLines(ref rng, table, alphabet, DefaultNames.ShortestSampleLength, buffer, out _);
            BigramBulkSampler.SampleLines(ref rng, table, alphabet, DefaultNames.ShortestSampleLength, small, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long names = 0;
        for (int i = 0; i < 2_000; i++)
        {
            names += BigramBulkSampler.SampleLines(ref rng, table, alphabet, DefaultNames.ShortestSampleLength, buffer, out _);
            names += BigramBulkSampler.SampleLines(ref rng, table, alphabet, DefaultNames.ShortestSampleLength, small, out _, maxNameLength: 20);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(names > 1_000_000);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Same_generator_same_names()
    {
        var first = new char[100_000];
        var second = new char[100_000];
        var a = new Xoshiro256StarStar(5);
        var b = new Xoshiro256StarStar(5);
        int n1 = DefaultNames.SampleLines(ref a, first, out int w1);
        int n2 = DefaultNames.SampleLines(ref b, second, out int w2);
        Assert.Equal(n1, n2);
        Assert.Equal(w1, w2);
        Assert.True(first.AsSpan(0, w1).SequenceEqual(second.AsSpan(0, w2)));
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void Parallel_output_depends_on_the_seed_only_not_on_threads_or_runs()
    {
        int length = (5 * ParallelLines.ChunkLength) + 1234;
        string? reference = null;
        int referenceNames = 0;
        ulong referenceNext = 0;
        foreach (int threads in new[] { 1, 2, 3, 8, -1, -1, 1 })
        {
            var rng = new Xoshiro256StarStar(2024);
            var buffer = new char[length];
            int names = DefaultNames.SampleLinesParallel(ref rng, buffer, out int written, maxDegreeOfParallelism: threads);
            string text = new(buffer, 0, written);
            Assert.True(length - written <= BigramBulkSampler.DefaultMaxNameLength);
            Assert.Equal(text.Split('\n').Length - 1, names);
            if (reference is null)
            {
                reference = text;
                referenceNames = names;
                referenceNext = rng.NextUInt64();
                continue;
            }

            Assert.Equal(referenceNames, names);
            Assert.Equal(reference, text);
            Assert.Equal(referenceNext, rng.NextUInt64());
        }
    }

    [Fact]
    public void Jump_matches_the_reference_implementation()
    {
        // Expected values from Blackman and Vigna's xoshiro256starstar.c (next() and jump()), compiled and run on a
        // state seeded as this type seeds it (SplitMix64 from 2147483647).
        var rng = new Xoshiro256StarStar(2147483647);
        rng.Jump();
        Assert.Equal(0x66E70789B5296082UL, rng.NextUInt64());
        Assert.Equal(0x06E41EA3F7E6E1DAUL, rng.NextUInt64());
        Assert.Equal(0x72E54B0743574E75UL, rng.NextUInt64());
        Assert.Equal(0x602B68DB45AB5FF3UL, rng.NextUInt64());
        rng.Jump();
        rng.Jump();
        Assert.Equal(0xDA5AE335DEA060CEUL, rng.NextUInt64());
        Assert.Equal(0x41F795DA719FF616UL, rng.NextUInt64());
    }

    /// <summary>Samples at least <paramref name="atLeast"/> names in chunks and counts every transition, the boundary included.</summary>
    private static long[] Transitions(LanguageModel model, int atLeast, char[] buffer, Func<Span<char>, (int Names, int Written)> sample)
    {
        int v = model.VocabularySize;
        var index = new Dictionary<char, int>();
        for (int i = 1; i < v; i++)
        {
            index[model.Alphabet[i]] = i;
        }

        var counts = new long[v * v];
        long total = 0;
        while (total < atLeast)
        {
            (int names, int written) = sample(buffer);
            Assert.True(names > 0, "a call wrote no name");
            int previous = 0;
            int lines = 0;
            foreach (char c in buffer.AsSpan(0, written))
            {
                int next = c == '\n' ? 0 : index[c];
                counts[(previous * v) + next]++;
                lines += next == 0 ? 1 : 0;
                previous = next;
            }

            Assert.Equal(0, previous); // the output ends at the end of a name
            Assert.Equal(names, lines);
            total += names;
        }

        return counts;
    }

    /// <summary>Chi-square per row against P = (N + α) / row sum in double; cells expected below 5 times are pooled.</summary>
    private static void AssertRowsFit(LanguageModel model, long[] transitions)
    {
        int v = model.VocabularySize;
        for (int row = 0; row < v; row++)
        {
            double rowSum = 0;
            long observedTotal = 0;
            for (int j = 0; j < v; j++)
            {
                rowSum += model.Counts[(row * v) + j] + model.Smoothing.Alpha;
                observedTotal += transitions[(row * v) + j];
            }

            if (observedTotal == 0)
            {
                continue;
            }

            var observed = new List<long>();
            var expected = new List<double>();
            long pooledObserved = 0;
            double pooledProbability = 0;
            for (int j = 0; j < v; j++)
            {
                double p = (model.Counts[(row * v) + j] + model.Smoothing.Alpha) / rowSum;
                if (p * observedTotal < 5)
                {
                    pooledObserved += transitions[(row * v) + j];
                    pooledProbability += p;
                    continue;
                }

                observed.Add(transitions[(row * v) + j]);
                expected.Add(p);
            }

            if (pooledProbability > 0)
            {
                observed.Add(pooledObserved);
                expected.Add(pooledProbability);
            }

            (double statistic, double pValue) = ChiSquare.Test(observed.ToArray(), expected.ToArray());
            Assert.True(
                pValue >= ChiSquare.RejectBelow,
                $"row '{model.Alphabet[row]}': χ² = {statistic:F1} over {observed.Count} cells, p = {pValue:E2}, {observedTotal} transitions");
        }
    }

    private static List<Range> Lines(ReadOnlySpan<char> text)
    {
        var ranges = new List<Range>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                ranges.Add(new Range(start, i));
                start = i + 1;
            }
        }

        return ranges;
    }

    /// <summary>The generated model's (private) alias table, as a copy.</summary>
    private static uint[] DefaultAliasTable => DefaultNames.Model.AliasTable.ToArray();
}
