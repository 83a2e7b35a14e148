using System.Threading.Tasks;
using System;
using Makemore.Bigram;
using Makemore.Tests.Generator;
using Xunit;

namespace Makemore.Tests.Sampling;

/// <summary>
/// Issue 8 §5, "samplers hang on tiny but non-zero probabilities": the sampler draws from a quantised alias table
/// (each probability to within 2^-24, one that rounds to zero never drawn), and every check of what a model can
/// produce is made on that table, so that no call spins.
/// </summary>
public sealed class TinyProbabilityTests
{
    // What a spin would exceed by far: the fuse's 2^28 symbols take a few seconds on a quiet core, and ten times that
    // on this project's shared two-core machine while other builds run.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public void Span_sampling_into_an_empty_destination_with_smoothing_1e_6_throws_at_once_instead_of_spinning()
    {
        // P('.' → '.') = 1e-6 / 32,257 is positive but rounds to zero in the table, so no empty name is ever drawn.
        var model = Bigram.FromText(DefaultData.Text, smoothing: 1e-6);
        Assert.True(model.Probability('.', '.') > 0);
        Assert.Equal(1, model.ShortestSampleLength);

        ArgumentException exception = Finishes(() => Assert.Throws<ArgumentException>(() =>
        {
            var rng = new Xoshiro256StarStar(1);
            model.Sample(ref rng, Span<char>.Empty);
        }));
        Assert.Contains("shortest name this model can produce has 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_shortest_sample_length_with_smoothing_1e_6_counts_only_what_the_table_can_draw()
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(
            [GeneratorHarness.Names(DefaultData.Text, "/p/names.txt", new() { ["MakemoreSmoothing"] = "1e-6" })]);
        Assert.Empty(diagnostics);
        var generated = GeneratorHarness.Model(GeneratorHarness.Load(output), "Makemore.NameModel");
        Assert.Equal(1, generated.Member("ShortestSampleLength"));
    }

    [Fact]
    public void A_symbol_whose_only_way_to_end_rounds_to_zero_is_rejected_instead_of_growing_a_string_to_4_GB()
    {
        // '.' → a; a → end with 1e-9 (rounds to zero in the table: never drawn), a → a otherwise.
        var exception = Assert.Throws<ArgumentException>(() => LanguageModel.FromProbabilities(".a", [0, 1, 1e-9f, 1]));
        Assert.Contains("Symbol 1 ('a')", exception.Message, StringComparison.Ordinal);
        Assert.Equal("probabilities", exception.ParamName);
    }

    [Fact]
    public void A_small_probability_the_table_keeps_still_counts_as_a_way_to_end()
    {
        // 1e-6 × V × 2^24 ≈ 34 threshold steps: drawable, so the model is valid and "a" is its shortest name.
        var model = LanguageModel.FromProbabilities(".a", [0, 1, 1e-6f, 1]);
        Assert.Equal(1, model.ShortestSampleLength);
    }

    [Fact]
    public void The_shortest_sample_length_ignores_a_path_the_table_rounds_away()
    {
        // '.' → end has 1e-9 (never drawn), so the empty name is impossible; "a" is the shortest.
        var model = LanguageModel.FromProbabilities(".a", [1e-9f, 1, 1, 0]);
        Assert.Equal(1, model.ShortestSampleLength);
        var rng = new Xoshiro256StarStar(1);
        Assert.Throws<ArgumentException>(() => model.Sample(ref rng, Span<char>.Empty));
    }

    [Fact]
    public void Span_sampling_when_every_name_that_fits_is_astronomically_rare_throws_instead_of_spinning()
    {
        // Names a…ab…b where a → b and b → end each have one 2^-24 step of a 256-column row (≈ 2.3e-10): "ab"
        // fits in 2 characters with probability ≈ 5e-20. The call gives up after 2^28 symbols.
        LanguageModel model = EndsAfterBillionsOfSymbols();
        Assert.Equal(2, model.ShortestSampleLength);
        Finishes(() => Assert.Throws<InvalidOperationException>(() =>
        {
            var rng = new Xoshiro256StarStar(1);
            model.Sample(ref rng, new char[2]);
        }));
    }

    [Fact]
    public void String_sampling_of_a_name_that_grows_past_the_cap_throws_instead_of_allocating_gigabytes()
    {
        LanguageModel model = EndsAfterBillionsOfSymbols();
        var exception = Finishes(() => Assert.Throws<InvalidOperationException>(() => model.Sample(new Random(1))));
        Assert.Contains("1048576", exception.Message, StringComparison.Ordinal);
        Finishes(() => Assert.Throws<InvalidOperationException>(() =>
        {
            var rng = new Xoshiro256StarStar(1);
            BigramSampler.Sample(ref rng, model.AliasTable, model.Alphabet);
        }));
    }

    [Fact]
    public void Bulk_sampling_of_names_that_almost_never_fit_throws_naming_the_limit_instead_of_spinning_or_returning_nothing()
    {
        LanguageModel model = EndsAfterBillionsOfSymbols();
        var rng = new Xoshiro256StarStar(1);
        var buffer = new char[100_000];
        InvalidOperationException error = Finishes(() => Assert.Throws<InvalidOperationException>(() =>
            BigramBulkSampler.SampleLinesWithFuse(ref rng, model.AliasTable, model.Alphabet, model.ShortestSampleLength, buffer, out _, 64, fuse: 1 << 20)));
        Assert.Contains("at most 64 characters", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// 256 symbols; '.' → a; a → a or, with 2e-10 (one threshold step), b; b → b or, with 2e-10, the end. Every
    /// name ends, after some 4 billion symbols on average.
    /// </summary>
    internal static LanguageModel EndsAfterBillionsOfSymbols()
    {
        const int V = 256;
        var alphabet = new char[V];
        alphabet[0] = '.';
        for (int i = 1; i < V; i++)
        {
            alphabet[i] = (char)(0x100 + i);
        }

        var p = new float[V * V];
        for (int row = 3; row < V; row++)
        {
            p[row * V] = 1; // unreachable rows, valid distributions
        }

        p[1] = 1;                  // '.' → a
        p[V + 1] = 1;              // a → a
        p[V + 2] = 2e-10f;         // a → b, one threshold step
        p[(2 * V) + 2] = 1;        // b → b
        p[2 * V] = 2e-10f;         // b → end, one threshold step
        return LanguageModel.FromProbabilities(new string(alphabet), p);
    }

    private static T Finishes<T>(Func<T> action)
    {
        Task<T> task = Task.Run(action);
        Assert.True(task.Wait(Patience), $"still running after {Patience.TotalSeconds} s");
        return task.Result;
    }
}
