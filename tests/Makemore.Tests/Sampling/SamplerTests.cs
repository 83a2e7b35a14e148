using System.Linq;
using System;
using Makemore.Bigram;
using Makemore.Tests.Statistics;
using Xunit;

namespace Makemore.Tests.Sampling;

public class SamplerTests
{
    private static double[] RowProbabilities(LanguageModel model, int row)
    {
        // The exact smoothed probabilities in double, (N + α) / row sum, recomputed here from the counts.
        int v = model.VocabularySize;
        ReadOnlySpan<int> counts = model.Counts.Slice(row * v, v);
        double total = 0;
        foreach (int c in counts)
        {
            total += c + model.Smoothing.Alpha;
        }

        var p = new double[v];
        for (int j = 0; j < v; j++)
        {
            p[j] = (counts[j] + model.Smoothing.Alpha) / total;
        }

        return p;
    }

    [Fact]
    public void Each_row_draws_its_next_symbol_with_the_models_probabilities()
    {
        var model = Bigram.FromText(DefaultData.Text);
        int v = model.VocabularySize;
        var rng = new Xoshiro256StarStar(20261125);
        var observed = new long[v];
        for (int row = 0; row < v; row++)
        {
            Array.Clear(observed);
            for (int i = 0; i < 1_000_000; i++)
            {
                observed[BigramSampler.NextSymbol(ref rng, model.AliasTable, v, row)]++;
            }

            var (statistic, p) = ChiSquare.Test(observed, RowProbabilities(model, row));
            Assert.True(p >= ChiSquare.RejectBelow, $"row '{model.Alphabet[row]}': chi² = {statistic:F1}, p = {p:E2}");
        }
    }

    [Fact]
    public void Names_from_the_generated_model_follow_its_transition_probabilities()
    {
        var model = Bigram.FromText(DefaultData.Text);
        int v = DefaultNames.VocabularySize;
        var transitions = new long[v * v];
        var rng = new Xoshiro256StarStar(7);
        Span<char> buffer = stackalloc char[256];
        for (int n = 0; n < 1_000_000; n++)
        {
            int length = DefaultNames.Sample(ref rng, buffer);
            int previous = 0;
            foreach (char c in buffer[..length])
            {
                int next = DefaultNames.Alphabet.IndexOf(c);
                transitions[(previous * v) + next]++;
                previous = next;
            }

            transitions[previous * v]++;
        }

        for (int row = 0; row < v; row++)
        {
            var (statistic, p) = ChiSquare.Test(transitions.AsSpan(row * v, v), RowProbabilities(model, row));
            Assert.True(p >= ChiSquare.RejectBelow, $"row '{DefaultNames.Alphabet[row]}': chi² = {statistic:F1}, p = {p:E2}");
        }
    }

    [Fact]
    public void The_chi_square_check_rejects_a_wrong_distribution()
    {
        // Guard against a test that cannot fail: the same draws judged against a neighbouring row's P.
        var model = Bigram.FromText(DefaultData.Text);
        int v = model.VocabularySize;
        var rng = new Xoshiro256StarStar(1);
        var observed = new long[v];
        for (int i = 0; i < 1_000_000; i++)
        {
            observed[BigramSampler.NextSymbol(ref rng, model.AliasTable, v, 1)]++;
        }

        Assert.True(ChiSquare.Test(observed, RowProbabilities(model, 2)).PValue < ChiSquare.RejectBelow);
    }

    [Fact]
    public void The_span_sampler_allocates_nothing_over_100000_names()
    {
        var rng = new Xoshiro256StarStar(42);
        var buffer = new char[64];
        int total = 0;
        long allocated = Allocations.Measure(() =>
        {
            for (int i = 0; i < 100_000; i++)
            {
                total += DefaultNames.Sample(ref rng, buffer);
            }
        }, warmUp: 3);
        Assert.Equal(0, allocated);
        Assert.True(total > 0);
    }

    [Fact]
    public void A_short_destination_gets_whole_names_never_truncated_ones()
    {
        var model = Bigram.FromText("ab\nabcdefgh", smoothing: 0);
        var rng = new Xoshiro256StarStar(3);
        Span<char> buffer = stackalloc char[3];
        for (int i = 0; i < 1000; i++)
        {
            int length = model.Sample(ref rng, buffer);
            Assert.Equal("ab", buffer[..length].ToString()); // "abcdefgh" never fits, and no prefix of it is returned
        }
    }

    [Fact]
    public void A_destination_shorter_than_any_name_throws()
    {
        var model = Bigram.FromText("abc\nabcd", smoothing: 0);
        var rng = new Xoshiro256StarStar(3);
        var exception = Assert.Throws<ArgumentException>(() => model.Sample(ref rng, new char[2]));
        Assert.Contains("shortest name this model can produce has 3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_whose_row_index_points_outside_it_is_refused_not_read_past()
    {
        var model = Bigram.FromText("ab\nba", smoothing: 0);
        uint[] broken = model.AliasTable.ToArray();
        for (int cell = 1; cell < broken.Length; cell += 2)
        {
            broken[cell] = 0x00FF_FFFF; // every alias's row index far past the table
        }

        var rng = new Xoshiro256StarStar(1);
        var buffer = new char[16];
        Assert.Throws<ArgumentException>(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                BigramSampler.Sample(ref rng, broken, model.Alphabet, 0, buffer);
            }
        });
    }

    [Fact]
    public void String_sampling_is_reproducible_from_a_seeded_Random_and_handles_long_names()
    {
        var a = new Random(5);
        var b = new Random(5);
        string[] fromA = Enumerable.Range(0, 50).Select(_ => DefaultNames.Sample(a)).ToArray();
        string[] fromB = Enumerable.Range(0, 50).Select(_ => DefaultNames.Sample(b)).ToArray();
        Assert.Equal(fromA, fromB);
        Assert.NotEqual(fromA, Enumerable.Range(0, 50).Select(_ => DefaultNames.Sample(new Random(6))).ToArray());

        // A model whose names run to hundreds of characters: the string path grows past its stack buffer.
        var longNames = Bigram.FromText(new string('a', 500) + "\nb", smoothing: 0);
        string name = longNames.Sample(new Random(1));
        Assert.True(name == "b" || name.All(c => c == 'a'));
        int longest = Enumerable.Range(0, 200).Select(i => longNames.Sample(new Random(i)).Length).Max();
        Assert.True(longest > 64, $"longest sampled name had {longest} characters");
    }
}
