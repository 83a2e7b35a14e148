using System;
using System.Collections.Generic;
using Makemore.Modeling;
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
        byte[] encoded = NGramTestModels.Encode(model.Counts.Alphabet, history);
        (int level, int node) = model.FindNode(encoded);
        uint handle = Tables.Value.NodeHandles[NGramTestModels.GlobalNode(model, level, node)];
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
        byte[] parent = NGramTestModels.Encode(model.Counts.Alphabet, "m");
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
}
