using System.Collections.Generic;
using System.Linq;
using System.Text;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Makemore.NGram;
using Makemore.Tests.Data;
using Makemore.Tests.Statistics;
using Xunit;

namespace Makemore.Tests.NGram;

/// <summary>
/// Wide tables (16-byte slots, escapes that draw from the parent's block again while the symbol is one of the node's
/// pairs), which alphabets of more than 256 symbols get: checked against the model on small lists built both ways,
/// and on real lists of thousands of characters.
/// </summary>
public class WideTableTests
{
    public static TheoryData<int> Orders => new() { 2, 3, 4, 6 };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Each_context_realises_the_models_distribution_through_its_escapes(int order)
    {
        // Exact: every block's realised slot masses (thresholds and aliases), and an escape's mass spread over the
        // parent's realised distribution without the node's pairs, against P(w | c) in double.
        foreach ((string name, NGramModel model) in NGramTestModels.All(NGramTestModels.SmallList.Value, order).Where(m => m.Name != "additive 0"))
        {
            NGramTables tables = NGramTableBuilder.Build(model, NGramTableFormat.Wide);
            NGramTable table = NGramTestModels.Table(tables);
            var done = new Dictionary<ulong, double[]>();
            for (int level = 0; level < model.Order; level++)
            {
                NGramLevel l = model.Counts.Levels[level];
                for (int node = 0; node < l.NodeCount; node += Math.Max(1, l.NodeCount / 200))
                {
                    double[] realised = Realised(table, tables.NodeHandles[NGramTestModels.GlobalNode(model, level, node)], model.VocabularySize, done);
                    for (int w = 0; w < model.VocabularySize; w++)
                    {
                        double p = model.ProbabilityAt(level, node, w);
                        Assert.True(Math.Abs(realised[w] - p) <= 1e-9 * Math.Max(1, p * 1000), $"{name}, level {level}, node {node}, symbol {w}: {realised[w]:R} vs {p:R}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Wide_and_narrow_tables_score_every_name_alike(int order)
    {
        foreach ((string name, NGramModel model) in NGramTestModels.All(NGramTestModels.SmallList.Value, order))
        {
            NGramTable narrow = NGramTestModels.Table(NGramTableBuilder.Build(model));
            NGramTable wide = NGramTestModels.Table(NGramTableBuilder.Build(model, NGramTableFormat.Wide));
            Assert.False(narrow.IsWide);
            Assert.True(wide.IsWide);
            foreach (string text in new[] { "emma", "zzyzx", "ab", "olivia", "xavier", "qqqq", "" })
            {
                double expected = NGramLikelihood.NegativeLogLikelihood(narrow, text);
                double actual = NGramLikelihood.NegativeLogLikelihood(wide, text);
                Assert.True(expected == actual || Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected), $"{name}, order {order}, '{text}': {actual:R} vs {expected:R}");
            }
        }
    }

    [Fact]
    public void Next_symbols_drawn_from_a_wide_table_follow_the_model()
    {
        NameList names = NGramTestModels.Parse(NGramTestModels.SmallList.Value);
        var counts = NGramCounts.Count(names, 4, folds: 5);
        NGramModel model = NGramModel.KneserNey(counts, KneserNeyTuner.Tune(counts));
        NGramTables tables = NGramTableBuilder.Build(model, NGramTableFormat.Wide);
        NGramTable table = NGramTestModels.Table(tables);
        foreach (string history in new[] { "", "em", "xzi", "qqqq" })
        {
            int[] encoded = NGramTestModels.Encode(model.Counts.Alphabet, history);
            (int level, int node) = model.FindNode(encoded);
            ulong handle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level, node)];
            var expected = new double[model.VocabularySize];
            for (int w = 0; w < expected.Length; w++)
            {
                expected[w] = model.ProbabilityOf(encoded, w);
            }

            var observed = new long[expected.Length];
            var rng = new Xoshiro256StarStar(7);
            for (int i = 0; i < 200_000; i++)
            {
                observed[NGramSampler.NextSymbol(ref rng, table, handle, out _)]++;
            }

            var (statistic, p) = ChiSquare.Test(observed, expected);
            Assert.True(p >= ChiSquare.RejectBelow, $"'{history}': chi² = {statistic:F1}, p = {p:E2}");
        }
    }

    [Theory]
    [InlineData("japanese-given-names", 3)]
    [InlineData("chinese-poets", 2)]
    [InlineData("chinese-poets", 4)]
    [InlineData("pokemon-zh-hans", 3)]
    public void A_real_list_of_thousands_of_characters_builds_samples_and_scores(string list, int order)
    {
        // The Chinese poets' list holds tabs and characters outside the BMP in a few lines: those are left out, as a
        // user would after the build named them.
        string text = string.Join("\n", TestLists.Lines(list).Where(l => !l.Contains('\t', StringComparison.Ordinal) && !l.Any(char.IsSurrogate)));
        LanguageModel model = LanguageModel.FromText(text, order);
        Assert.True(model.VocabularySize > 256, $"{model.VocabularySize} symbols");
        Assert.True(model.Tree!.Format == NGramTableFormat.Wide);
        var rng = new Xoshiro256StarStar(3);
        var buffer = new char[1 << 16];
        for (int i = 0; i < 200; i++)
        {
            int length = model.Sample(ref rng, buffer);
            Assert.True(double.IsFinite(model.NegativeLogLikelihood(buffer.AsSpan(0, length))));
        }

        double selfNll = model.AverageNegativeLogLikelihood(text);
        Assert.InRange(selfNll, 0.1, Math.Log(model.VocabularySize));

        NGramTable table = model.Tables.Tree;

        // The start context's distribution, drawn symbol by symbol (the first characters of whole names would be
        // conditioned on the names fitting a buffer: an additive model of 3,000 symbols rarely ends a name).
        var expected = new double[model.VocabularySize];
        for (int w = 0; w < expected.Length; w++)
        {
            expected[w] = model.Probability(string.Empty, model.Alphabet[w]);
        }

        var observed = new long[expected.Length];
        for (int i = 0; i < 100_000; i++)
        {
            observed[NGramSampler.NextSymbol(ref rng, table, table.StartHandle, out _)]++;
        }

        // Exactly: the start context's realised distribution, slot masses and escapes, against the model's (whose
        // probabilities come from float logarithms here, hence the relative tolerance).
        double[] realised = Realised(table, table.StartHandle, model.VocabularySize, []);
        for (int w = 0; w < expected.Length; w++)
        {
            Assert.True(Math.Abs(realised[w] - expected[w]) <= (1e-6 * expected[w]) + 1e-9, $"{list}, order {order}, '{model.Alphabet[w]}': {realised[w]:R} vs {expected[w]:R}");
        }

        var (statistic, p) = ChiSquare.TestPooled(observed, expected);
        Assert.True(p >= ChiSquare.RejectBelow, $"{list}, order {order}: chi² = {statistic:F1}, p = {p:E2}");

    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_list_of_5000_distinct_characters_builds_at_orders_2_and_3(int order)
    {
        var random = new Random(5);
        var text = new StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            text.Append((char)(0x4E00 + i)).Append((char)(0x4E00 + random.Next(5000))).Append('\n'); // every character at least once
        }

        for (int i = 0; i < 20_000; i++)
        {
            int length = random.Next(2, 5);
            for (int k = 0; k < length; k++)
            {
                text.Append((char)(0x4E00 + random.Next(5000)));
            }

            text.Append('\n');
        }

        LanguageModel model = LanguageModel.FromText(text.ToString(), order);
        Assert.Equal(5001, model.VocabularySize);
        Assert.Equal(order, model.Order);
        var rng = new Xoshiro256StarStar(1);
        string sampled = model.Sample(ref rng);
        Assert.All(sampled, c => Assert.InRange(c, '\u4E00', (char)(0x4E00 + 4999)));
        Assert.True(double.IsFinite(model.NegativeLogLikelihood(sampled)));
        Assert.True(model.TableBytes <= LanguageModel.DefaultMaxTableBytes);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void Every_character_a_name_may_hold_fits_one_alphabet(int order)
    {
        var text = new StringBuilder();
        for (int c = 0; c <= char.MaxValue; c++)
        {
            if (!char.IsSurrogate((char)c) && !char.IsControl((char)c) && !char.IsWhiteSpace((char)c) && c is not 0x2028 and not 0x2029 and not 0xFFFD and not 0xFEFF)
            {
                text.Append((char)c).Append('\n');
            }
        }

        text.Append("ab cd\n");

        // The start context has every symbol at each of its n − 1 levels: 14 MB of tables at order 8, above the default budget.
        LanguageModel model = LanguageModel.FromText(text.ToString(), order, maxTableBytes: 64L << 20);
        Assert.InRange(model.VocabularySize, 63_000, 65_536);
        var rng = new Xoshiro256StarStar(2);
        Assert.True(double.IsFinite(model.NegativeLogLikelihood(model.Sample(ref rng))));
        Assert.True(model.ContainsName("ab cd"));
    }

    /// <summary>The distribution the sampler realises at a block: its slots' masses, an escape's spread over the parent's without the block's pairs.</summary>
    private static double[] Realised(NGramTable table, ulong handle, int v, Dictionary<ulong, double[]> done)
    {
        if (done.TryGetValue(handle, out double[]? known))
        {
            return known;
        }

        double[] slots = NGramTestModels.Realise(table, handle);
        var distribution = new double[v];
        int first = table.First(handle);
        int pairs = table.Pairs(handle);
        for (int j = 0; j < pairs; j++)
        {
            distribution[table.SymbolAt(first + j)] += slots[j];
        }

        if (table.HasEscape(handle))
        {
            double[] parent = Realised(table, table.LinkAt(first + pairs), v, done);
            var own = new HashSet<int>();
            for (int j = 0; j < pairs; j++)
            {
                own.Add(table.SymbolAt(first + j));
            }

            double kept = Enumerable.Range(0, v).Where(w => !own.Contains(w)).Sum(w => parent[w]);
            for (int w = 0; w < v; w++)
            {
                if (!own.Contains(w))
                {
                    distribution[w] += slots[pairs] * parent[w] / kept;
                }
            }
        }

        done[handle] = distribution;
        return distribution;
    }
}
