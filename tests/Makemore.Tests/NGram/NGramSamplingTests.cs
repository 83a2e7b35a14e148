using System.Collections.Generic;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Makemore.NGram;
using Makemore.Tests.Statistics;
using Xunit;

namespace Makemore.Tests.NGram;

public class NGramSamplingTests
{
    private const int Draws = 400_000;

    private static readonly Lazy<NGramModel> Model = new(() =>
    {
        NameList names = NGramTestModels.Parse(NGramTestModels.SmallList.Value);
        var counts = NGramCounts.Count(names, 5, folds: 5);
        return NGramModel.KneserNey(counts, KneserNeyTuner.Tune(counts));
    });

    private static readonly Lazy<NGramTables> Tables = new(() => NGramTableBuilder.Build(Model.Value));

    private static (long[] Observed, double[] Expected) Draw(string history, ulong seed)
    {
        NGramModel model = Model.Value;
        int[] encoded = NGramTestModels.Encode(model.Counts.Alphabet, history);
        (int level, int node) = model.FindNode(encoded);
        ulong handle = Tables.Value.NodeHandles[NGramTestModels.GlobalNode(model, level, node)];
        int v = model.VocabularySize;
        var expected = new double[v];
        for (int w = 0; w < v; w++)
        {
            expected[w] = model.ProbabilityOf(encoded, w);
        }

        NGramTable table = NGramTestModels.Table(Tables.Value);
        var observed = new long[v];
        var rng = new Xoshiro256StarStar(seed);
        for (int i = 0; i < Draws; i++)
        {
            observed[NGramSampler.NextSymbol(ref rng, table, handle, out _)]++;
        }

        return (observed, expected);
    }

    public static TheoryData<string, string> Contexts => new()
    {
        { "", "the start (a seen context)" },
        { "em", "a frequent seen context" },
        { "xzi", "a rare seen context: most of its mass escapes to the parents" },
        { "qqqq", "an unseen context (sampled at its longest seen suffix)" },
        { "zvwk", "an unseen context whose suffixes are unseen down to one letter" },
    };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Next_symbol_frequencies_follow_the_models_own_probabilities(string history, string what)
    {
        (long[] observed, double[] expected) = Draw(history, (ulong)history.Length + 11);
        var (statistic, p) = ChiSquare.Test(observed, expected);
        Assert.True(p >= ChiSquare.RejectBelow, $"{what} '{history}': chi² = {statistic:F1}, p = {p:E2}");
    }

    [Fact]
    public void The_chi_square_check_rejects_the_back_off_approximation()
    {
        // Control: the distribution of the parent context alone (what a back-off sampler that ignores the
        // context's own counts would follow) must be rejected.
        (long[] observed, _) = Draw("em", 5);
        NGramModel model = Model.Value;
        int[] parent = NGramTestModels.Encode(model.Counts.Alphabet, "m");
        var wrong = new double[model.VocabularySize];
        for (int w = 0; w < wrong.Length; w++)
        {
            wrong[w] = model.ProbabilityOf(parent, w);
        }

        var (_, p) = ChiSquare.Test(observed, wrong);
        Assert.True(p < ChiSquare.RejectBelow, $"p = {p:E2}");
    }

    [Fact]
    public void Names_follow_the_model_token_by_token()
    {
        // Whole names: the transitions out of the start and after "a" at the name's start, counted in sampled names.
        NGramModel model = Model.Value;
        NGramTable table = NGramTestModels.Table(Tables.Value);
        int v = model.VocabularySize;
        var first = new long[v];
        var second = new long[v];
        var rng = new Xoshiro256StarStar(99);
        Span<char> buffer = stackalloc char[64];
        string alphabet = model.Counts.Alphabet;
        for (int i = 0; i < Draws; i++)
        {
            int length = NGramSampler.Sample(ref rng, table, buffer);
            first[length == 0 ? 0 : alphabet.IndexOf(buffer[0], StringComparison.Ordinal)]++;
            if (length >= 1 && buffer[0] == 'a')
            {
                second[length == 1 ? 0 : alphabet.IndexOf(buffer[1], StringComparison.Ordinal)]++;
            }
        }

        foreach ((long[] observed, string history) in new[] { (first, ""), (second, "a") })
        {
            var expected = new double[v];
            for (int w = 0; w < v; w++)
            {
                expected[w] = model.ProbabilityOf(NGramTestModels.Encode(alphabet, history), w);
            }

            var (statistic, p) = ChiSquare.Test(observed, expected);
            Assert.True(p >= ChiSquare.RejectBelow, $"after '{history}': chi² = {statistic:F1}, p = {p:E2}");
        }
    }

    [Fact]
    public void Every_nodes_alias_table_realises_its_weights_to_within_2_to_the_minus_31()
    {
        // Exact: the mass each slot receives from the 32-bit thresholds (high half in the slot, low half in the
        // threshold region) and aliases, against the model's double weights P(w | c) and M_c = 1 − Σ_pairs P(w | c).
        // A node merged with its escape table holds the table's pairs too (at P(w | c) as well), a holder (a copy
        // of the last pair, never drawn) and the table's escape, at 1 − Σ of all its pairs.
        NGramModel model = Model.Value;
        NGramTables tables = Tables.Value;
        NGramTable table = NGramTestModels.Table(tables);
        for (int level = 0; level < model.Order; level++)
        {
            NGramLevel l = model.Counts.Levels[level];
            for (int node = 0; node < l.NodeCount; node++)
            {
                ulong handle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level, node)];
                int first = table.First(handle);
                int k = table.Count(handle);
                double[] realised = NGramTestModels.Realise(table, handle);

                double pairs = 0;
                var seen = new HashSet<int>();
                for (int j = 0; j < table.Pairs(handle); j++)
                {
                    bool holder = !seen.Add(table.SymbolAt(first + j));
                    double p = holder ? 0 : model.ProbabilityAt(level, node, table.SymbolAt(first + j));
                    pairs += p;
                    Assert.True(Math.Abs(realised[j] - p) <= Math.Pow(2, -31), $"level {level}, node {node}, slot {j}: {realised[j]:R} vs {p:R}");
                }

                if (table.Pairs(handle) < k)
                {
                    Assert.True(Math.Abs(realised[k - 1] - (1 - pairs)) <= Math.Pow(2, -31), $"level {level}, node {node}, escape");
                }
            }
        }
    }

    [Fact]
    public void A_draw_whose_high_half_ties_the_threshold_is_decided_by_the_low_half()
    {
        NGramTables tables = Tables.Value;
        NGramTable table = NGramTestModels.Table(tables);
        foreach (ulong handle in tables.NodeHandles)
        {
            int first = table.First(handle);
            int k = table.Count(handle);
            int pairs = table.Pairs(handle);
            for (int column = 0; column < pairs; column++)
            {
                uint threshold = table.ThresholdAt(first + column);
                int alias = table.AliasAt(first + column);
                int symbol = table.SymbolAt(first + column);
                if ((threshold & 0xFFFF) == 0 || alias >= pairs || table.SymbolAt(first + alias) == symbol)
                {
                    continue;
                }

                Assert.Equal(symbol, NGramSampler.NextSymbol(ref Crafted(column, k, threshold - 1), table, handle, out _));
                Assert.Equal(table.SymbolAt(first + alias), NGramSampler.NextSymbol(ref Crafted(column, k, threshold), table, handle, out _));
                return;
            }
        }

        Assert.Fail("No slot to test.");
    }

    /// <summary>A source whose one value lands in <paramref name="column"/> of k with the 32 fraction bits <paramref name="fraction"/>.</summary>
    private static ref FixedRandom Crafted(int column, int k, uint fraction)
    {
        UInt128 target = ((UInt128)(ulong)column << 64) + ((UInt128)fraction << 32);
        Source[0] = new FixedRandom { Value = (ulong)((target + (ulong)(k - 1)) / (ulong)k) };
        return ref Source[0];
    }

    private static readonly FixedRandom[] Source = new FixedRandom[1];

    private struct FixedRandom : IRandomSource
    {
        public ulong Value;

        public readonly ulong NextUInt64() => Value;
    }

    [Fact]
    public void Sampling_and_scoring_allocate_nothing()
    {
        NGramTables tables = Tables.Value;
        byte[] ascii = SymbolIndex.BuildAscii(tables.Alphabet);
        var rng = new Xoshiro256StarStar(3);
        char[] buffer = new char[64];
        long sampled = Allocations.Measure(() =>
        {
            NGramTable table = NGramTable.From(tables, ascii);
            NGramSampler.Sample(ref rng, table, buffer);
        });
        long scored = Allocations.Measure(() =>
        {
            NGramTable table = NGramTable.From(tables, ascii);
            NGramLikelihood.NegativeLogLikelihood(table, "emmanuelle");
            NGramLikelihood.AverageNegativeLogLikelihood(table, "emma\nava\nzyx");
        });
        Assert.Equal(0, sampled);
        Assert.Equal(0, scored);
    }

    [Fact]
    public void A_destination_shorter_than_the_shortest_name_throws()
    {
        NGramModel model = NGramModel.Additive(NGramCounts.Count(NGramTestModels.Parse("abc\nabcd"), 3), 0);
        NGramTables tables = NGramTableBuilder.Build(model);
        var rng = new Xoshiro256StarStar(1);
        char[] buffer = new char[2];
        Assert.Throws<ArgumentException>(() => NGramSampler.Sample(ref rng, NGramTestModels.Table(tables), buffer));
        var names = new HashSet<string>();
        buffer = new char[8];
        for (int i = 0; i < 100; i++)
        {
            names.Add(new string(buffer, 0, NGramSampler.Sample(ref rng, NGramTestModels.Table(tables), buffer)));
        }

        Assert.Equal(new HashSet<string> { "abc", "abcd" }, names);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_draw_whose_names_almost_never_fit_gives_up_after_its_symbols()
    {
        // One name of 30 letters at order 4, α = 1e-9: the end follows "...", "..a" or ".aa" with about 1e-9, so a
        // name fits in 2 characters about once in 3e8 draws. With a fuse of 100,000 symbols (33,334 draws) the
        // draw gives up.
        NGramModel model = NGramModel.Additive(NGramCounts.Count(NGramTestModels.Parse(new string('a', 30)), 4), 1e-9);
        NGramTables tables = NGramTableBuilder.Build(model);
        Assert.True(NGramTestModels.Table(tables).ShortestName <= 2, "short names must be possible, only rare");
        // On a worker, so that a sampler that spins fails the test (a timeout) instead of hanging the run.
        InvalidOperationException exception = await System.Threading.Tasks.Task.Run(() => Assert.Throws<InvalidOperationException>(() =>
        {
            var rng = new Xoshiro256StarStar(1);
            NGramTable table = NGramTestModels.Table(tables);
            NGramSampler.SampleFrom(ref rng, table, table.StartHandle, new char[2], maxSymbols: 100_000);
        })).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("at most 2 characters", exception.Message, StringComparison.Ordinal);
        Assert.Contains("100,00", exception.Message, StringComparison.Ordinal);

        // With room for the names the model makes (3 letters or more: "aaa" ends a name 1 time in 28), it returns one.
        var rng = new Xoshiro256StarStar(2);
        NGramTable table = NGramTestModels.Table(tables);
        Assert.InRange(NGramSampler.SampleFrom(ref rng, table, table.StartHandle, new char[64], maxSymbols: 100_000), 3, 64);
    }
}
