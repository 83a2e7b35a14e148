using System.Collections.Generic;
using System.Linq;
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
/// The context tree's <c>SampleLines</c>: chains side by side (<see cref="TreeLanes"/>) in regions of the buffer, then
/// one chain through what is left. Its lines must be independent draws of the model given length ≤ maxNameLength,
/// in both record formats, whatever the buffer's size.
/// </summary>
public sealed class TreeLinesTests
{
    // A list over '.', ' ', 'a', 'b' (a space inside names): at order 3 every name of up to 6 characters can be
    // enumerated with its probability (1,365 strings).
    private const string SmallText = "ab\nba\nabba\na b\nbab\naab\nb a\nbb";
    private const int MaxLength = 6;

    private static readonly Lazy<NGramModel> Small = new(() =>
    {
        var counts = NGramCounts.Count(NGramTestModels.Parse(SmallText), 3, folds: 5);
        return NGramModel.KneserNey(counts, KneserNeyTuner.Tune(counts));
    });

    public static TheoryData<bool, int> FormatsAndBuffers => new()
    {
        { false, 1 << 16 }, // the chains side by side, then one chain through the rest
        { true, 1 << 16 },
        { false, 100 }, // too short for the chains side by side: one chain, pass after pass
        { true, 100 },
        { false, MaxLength + 1 }, // one name a call
    };

    [Theory]
    [MemberData(nameof(FormatsAndBuffers))]
    public void Lines_are_independent_draws_of_the_model_given_their_length(bool wide, int bufferLength)
    {
        NGramModel model = Small.Value;
        NGramTables tables = NGramTableBuilder.Build(model, wide ? NGramTableFormat.Wide : NGramTableFormat.Narrow);
        string alphabet = model.Counts.Alphabet;
        Dictionary<string, double> expected = Enumerate(model, MaxLength);
        var observed = expected.Keys.ToDictionary(name => name, _ => 0L);
        var rng = new Xoshiro256StarStar((ulong)bufferLength + (wide ? 1UL : 0UL));
        var buffer = new char[bufferLength];
        long total = 0;
        while (total < 300_000)
        {
            NGramTable table = NGramTestModels.Table(tables);
            int names = NGramLines.SampleLines(ref rng, table, buffer, out int written, MaxLength);
            string[] lines = buffer.AsSpan(0, written).ToString().Split('\n')[..^1];
            Assert.Equal(names, lines.Length);
            Assert.True(bufferLength - written <= MaxLength, "filling stops only when a name might not fit");
            foreach (string line in lines)
            {
                Assert.True(observed.ContainsKey(line), $"\"{line}\" is not a name of at most {MaxLength} characters over \"{alphabet}\"");
                observed[line]++;
            }

            total += names;
        }

        string[] keys = [.. expected.Keys];
        var (statistic, p) = ChiSquare.TestPooled(keys.Select(k => observed[k]).ToArray(), keys.Select(k => expected[k]).ToArray());
        Assert.True(p >= ChiSquare.RejectBelow, $"{(wide ? "wide" : "narrow")}, {bufferLength} characters: chi² = {statistic:F1}, p = {p:E2} over {total} names");
    }

    [Fact]
    public void The_check_rejects_lines_that_favour_short_names()
    {
        // Control: the enumeration check must see a kernel that drops the name running past a region's end in a
        // way that looks at its length (here: names kept only up to 4 characters, as a cut at the region's end would).
        Dictionary<string, double> expected = Enumerate(Small.Value, MaxLength);
        Dictionary<string, double> shortOnly = Enumerate(Small.Value, 4);
        var rng = new Xoshiro256StarStar(3);
        string[] keys = [.. expected.Keys];
        long[] observed = new long[keys.Length];
        double[] cumulative = shortOnly.Values.ToArray();
        string[] shortKeys = [.. shortOnly.Keys];
        for (int i = 1; i < cumulative.Length; i++)
        {
            cumulative[i] += cumulative[i - 1];
        }

        for (int i = 0; i < 300_000; i++)
        {
            double u = (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * cumulative[^1];
            int at = Array.BinarySearch(cumulative, u);
            at = Math.Min(at >= 0 ? at : ~at, cumulative.Length - 1);
            observed[Array.IndexOf(keys, shortKeys[at])]++;
        }

        var (_, p) = ChiSquare.TestPooled(observed, keys.Select(k => expected[k]).ToArray());
        Assert.True(p < ChiSquare.RejectBelow, $"p = {p:E2}");
    }

    [Fact]
    public void Narrow_and_wide_tables_fill_the_same_buffer_alike_in_distribution_and_both_allocate_nothing()
    {
        NGramModel model = Small.Value;
        foreach (NGramTableFormat format in new[] { NGramTableFormat.Narrow, NGramTableFormat.Wide })
        {
            NGramTables tables = NGramTableBuilder.Build(model, format);
            byte[] ascii = SymbolIndex.BuildAscii(tables.Alphabet);
            var rng = new Xoshiro256StarStar(5);
            char[] buffer = new char[4096];
            long allocated = Allocations.Measure(
                () => NGramLines.SampleLines(ref rng, NGramTable.From(tables, ascii), buffer, out _, MaxLength),
                warmUp: 50);
            Assert.Equal(0, allocated);
        }
    }

    [Fact]
    public void An_order_6_model_of_the_names_fills_big_buffers_without_allocating()
    {
        LanguageModel model = LanguageModel.FromText(DefaultData.Text, 6, Smoothing.KneserNey);
        var rng = new Xoshiro256StarStar(7);
        char[] buffer = new char[1 << 16];
        long allocated = Allocations.Measure(() => model.SampleLines(ref rng, buffer, out _), warmUp: 20);
        Assert.Equal(0, allocated);

        int names = model.SampleLines(ref rng, buffer, out int written);
        string[] lines = buffer.AsSpan(0, written).ToString().Split('\n')[..^1];
        Assert.Equal(names, lines.Length);
        Assert.All(lines, line => Assert.True(line.Length <= ModelTables.DefaultMaxNameLength && line.All(c => c != model.End && model.Alphabet.Contains(c)), line));
        Assert.True(names > 8_000, $"{names} names in 64K characters");
    }

    [Fact]
    public void The_same_seed_and_buffer_give_the_same_lines()
    {
        LanguageModel model = LanguageModel.FromText(DefaultData.Text, 4, Smoothing.KneserNey);
        var a = new Xoshiro256StarStar(11);
        var b = new Xoshiro256StarStar(11);
        char[] first = new char[30_000];
        char[] second = new char[30_000];
        int m = model.SampleLines(ref a, first, out int x);
        int n = model.SampleLines(ref b, second, out int y);
        Assert.Equal((m, x), (n, y));
        Assert.Equal(first.AsSpan(0, x).ToString(), second.AsSpan(0, y).ToString());
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void A_model_of_one_name_writes_only_that_name()
    {
        LanguageModel model = LanguageModel.FromText("abc", 4, Smoothing.Additive(0));
        foreach (int length in new[] { 4, 5, 100, 1 << 16 })
        {
            var rng = new Xoshiro256StarStar(1);
            char[] buffer = new char[length];
            int names = model.SampleLines(ref rng, buffer, out int written, maxNameLength: 3);
            Assert.Equal(length / 4, names);
            Assert.Equal(4 * names, written);
            Assert.Equal(string.Concat(Enumerable.Repeat("abc\n", names)), buffer.AsSpan(0, written).ToString());
        }
    }

    [Fact]
    public void Names_longer_than_the_limit_or_a_region_are_dropped_and_the_rest_kept()
    {
        // Two names, equally likely: "b" and one of 3,000 letters whose 7-letter contexts never repeat, so that an
        // order-8 model without smoothing draws it whole: longer than each chain's region of a 4,096-character buffer.
        var letters = new Xoshiro256StarStar(9);
        string long3000 = new([.. Enumerable.Range(0, 3000).Select(_ => (char)('c' + (int)(letters.NextUInt64() % 20)))]);
        LanguageModel model = LanguageModel.FromText("b\n" + long3000, 8, Smoothing.Additive(0));
        var rng = new Xoshiro256StarStar(2);
        char[] buffer = new char[4096];
        for (int call = 0; call < 20; call++)
        {
            int names = model.SampleLines(ref rng, buffer, out int written, maxNameLength: 10);
            Assert.Equal(string.Concat(Enumerable.Repeat("b\n", names)), buffer.AsSpan(0, written).ToString());
            Assert.True(4096 - written <= 10, $"{written} characters written");
        }
    }

    [Theory]
    [InlineData("japanese-given-names", 3)]
    [InlineData("pokemon-zh-hans", 2)]
    public void A_list_of_thousands_of_characters_fills_lines_from_its_wide_tables(string list, int order)
    {
        string text = string.Join("\n", TestLists.Lines(list).Where(l => !l.Contains('\t', StringComparison.Ordinal) && !l.Any(char.IsSurrogate)));
        LanguageModel model = LanguageModel.FromText(text, order, Smoothing.KneserNey); // additive names of thousands of symbols run long
        Assert.Equal(NGramTableFormat.Wide, model.Tree!.Format);
        string alphabet = model.Alphabet.ToString();
        var rng = new Xoshiro256StarStar(3);
        char[] buffer = new char[1 << 16];
        long allocated = Allocations.Measure(() => model.SampleLines(ref rng, buffer, out _), warmUp: 5);
        Assert.Equal(0, allocated);

        // The first characters of the lines against the start context's distribution (a name longer than 64
        // characters is far too rare here to move them).
        var observed = new long[alphabet.Length];
        long names = 0;
        while (names < 100_000)
        {
            int count = model.SampleLines(ref rng, buffer, out int written);
            string[] lines = buffer.AsSpan(0, written).ToString().Split('\n')[..^1];
            Assert.Equal(count, lines.Length);
            foreach (string line in lines)
            {
                Assert.True(line.Length <= ModelTables.DefaultMaxNameLength && line.All(c => alphabet.IndexOf(c, 1) > 0), line);
                observed[line.Length == 0 ? 0 : alphabet.IndexOf(line[0], 1)]++;
            }

            names += count;
        }

        double[] expected = alphabet.Select(c => model.Probability(string.Empty, c)).ToArray();
        var (statistic, p) = ChiSquare.TestPooled(observed, expected);
        Assert.True(p >= ChiSquare.RejectBelow, $"{list}: chi² = {statistic:F1}, p = {p:E2}");
    }

    /// <summary>Every name of at most <paramref name="maxLength"/> characters with its probability given that length limit.</summary>
    private static Dictionary<string, double> Enumerate(NGramModel model, int maxLength)
    {
        string alphabet = model.Counts.Alphabet;
        var names = new Dictionary<string, double>(StringComparer.Ordinal);
        var frontier = new List<(string Name, double P)> { (string.Empty, 1) };
        for (int length = 0; length <= maxLength; length++)
        {
            var next = new List<(string Name, double P)>();
            foreach ((string name, double p) in frontier)
            {
                int[] history = NGramTestModels.Encode(alphabet, name);
                names[name] = p * model.ProbabilityOf(history, 0);
                for (int w = 1; w < alphabet.Length; w++)
                {
                    next.Add((name + alphabet[w], p * model.ProbabilityOf(history, w)));
                }
            }

            frontier = next;
        }

        double sum = names.Values.Sum();
        return names.ToDictionary(pair => pair.Key, pair => pair.Value / sum, StringComparer.Ordinal);
    }
}
