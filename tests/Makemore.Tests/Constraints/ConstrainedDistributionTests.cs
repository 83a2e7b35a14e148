using System;
using System.Linq;
using System.Threading.Tasks;
using Makemore.Tests.Statistics;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// Constrained draws follow the model conditioned on the options, exactly: the frequencies of 40,000 draws
/// against the probabilities of every name, enumerated from the model's own <c>Probability(prefix, next)</c>
/// (tempered and conditioned by brute force), for each constraint alone and together, on every kind of table, for
/// the string and the span overloads; and <c>Probability(options)</c> is the enumerated mass.
/// </summary>
public class ConstrainedDistributionTests
{
    private const int Draws = 40_000;

    /// <summary>Every model with each of its option sets.</summary>
    private static (string Model, string Options)[] ModelsAndOptions() =>
    [
        .. ConstraintModels.Small.SelectMany(m => ConstraintOptionSets.Small.Keys.Select(o => (m, o))),
        .. ConstraintModels.Generated.SelectMany(m => ConstraintOptionSets.Generated(string.Empty).Keys.Select(o => (m, o))),
    ];

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach ((string model, string options) in ModelsAndOptions())
        {
            data.Add(model, options, false);
            data.Add(model, options, true);
        }

        return data;
    }

    public static TheoryData<string, string> OptionCases()
    {
        var data = new TheoryData<string, string>();
        foreach ((string model, string options) in ModelsAndOptions())
        {
            data.Add(model, options);
        }

        return data;
    }

    /// <summary>The counts of each cell over <paramref name="draws"/> draws.</summary>
    private static long[] Draw(ConstraintModel model, SamplingOptions options, Expectation expected, bool span, ulong seed, int draws = Draws)
    {
        var random = new Xoshiro256StarStar(seed);
        var observed = new long[expected.Keys.Length];
        Span<char> buffer = stackalloc char[64];
        for (int i = 0; i < draws; i++)
        {
            ReadOnlySpan<char> name = span ? buffer[..model.SampleInto(ref random, buffer, options)] : model.Sample(ref random, options);
            observed[expected.CellOf(name)]++;
        }

        return observed;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Draws_follow_the_enumerated_conditional_distribution(string modelName, string optionsName, bool span)
    {
        ConstraintModel model = ConstraintModels.Get(modelName);
        SamplingOptions options = ConstraintOptionSets.Get(model, optionsName);
        Expectation expected = model.Expect(options);
        Assert.True(expected.Keys.Length >= 3, $"only {expected.Keys.Length} names: the test would say little");

        // A fixed seed per case (string hashes are randomised per process in .NET, so not those).
        ulong seed = (ulong)(modelName.Length * 7919) + (ulong)(optionsName.Length * 104729) + (ulong)optionsName[^1] + (span ? 1UL : 0UL);
        long[] observed = Draw(model, options, expected, span, seed);
        (double statistic, double p, int cells) = expected.Fit(observed);
        Assert.True(p >= ChiSquare.RejectBelow, $"{modelName}, {optionsName}, {(span ? "span" : "string")}: chi² = {statistic:F1} over {cells} cells, p = {p:E2}");
    }

    [Theory]
    [MemberData(nameof(OptionCases))]
    public void Probability_of_the_options_is_the_enumerated_mass(string modelName, string optionsName)
    {
        ConstraintModel model = ConstraintModels.Get(modelName);
        SamplingOptions options = ConstraintOptionSets.Get(model, optionsName);
        double exact = model.Expect(options).Mass;
        double actual = model.Mass(options);
        Assert.True(Math.Abs(actual - exact) <= 1e-9 * exact, $"{modelName}, {optionsName}: Probability(options) = {actual:R}, enumerated {exact:R}");
    }

    public static TheoryData<string, double> ExtremeTemperatures()
    {
        var data = new TheoryData<string, double>();
        foreach (string model in ConstraintModels.Small)
        {
            foreach (double temperature in new[] { 0.05, 0.2, 5, 50 })
            {
                data.Add(model, temperature);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExtremeTemperatures))]
    public void Probability_matches_the_enumeration_at_low_and_high_temperatures(string modelName, double temperature)
    {
        ConstraintModel model = ConstraintModels.Get(modelName);
        foreach (SamplingOptions options in new SamplingOptions[]
        {
            new() { Temperature = temperature, MaxLength = 5 },
            new() { Temperature = temperature, Prefix = "b", MinLength = 2, MaxLength = 6 },
            new() { Temperature = temperature, Prefix = "a", Novel = true, MaxLength = 4 },
        })
        {
            double exact = model.Exact(temperature).Condition(options, model.List).Mass;
            if (options.Novel)
            {
                // At a low temperature the list's own names can take nearly all the probability: then the options
                // are refused, exactly when the enumerated share of new names is below the minimum acceptance.
                double withCopies = model.Exact(temperature).Condition(new SamplingOptions { Temperature = temperature, Prefix = options.Prefix, MaxLength = options.MaxLength }, model.List).Mass;
                if (exact / withCopies < SamplingOptions.MinimumAcceptance)
                {
                    Assert.Throws<ArgumentException>(() => model.Mass(options));
                    continue;
                }
            }

            double actual = model.Mass(options);
            Assert.True(Math.Abs(actual - exact) <= 1e-9 * exact, $"{modelName}, T = {temperature}, prefix \"{options.Prefix}\": {actual:R}, enumerated {exact:R}");
        }
    }

    [Fact]
    public void A_tie_stays_a_tie_at_any_low_temperature()
    {
        // After the start, a and b are equally likely (three names begin with each): the tempered model picks
        // either with probability 1/2 at every temperature, down to a subnormal one whose 1/T is infinite.
        LanguageModel model = LanguageModel.FromText("ab\nba\naab\nb\nabba\nbb", 2, Smoothing.Additive(1));
        Assert.Equal(model.Probability("", 'a'), model.Probability("", 'b'));
        foreach (double temperature in new[] { 1e-10, 1e-16, 1e-20, 1e-300, double.Epsilon })
        {
            var anyLength = new SamplingOptions { Temperature = temperature, MaxLength = 6 };
            var startsWithA = new SamplingOptions { Temperature = temperature, MaxLength = 6, Prefix = "a" };
            Assert.Equal(1, model.Probability(anyLength), 1e-12);
            Assert.Equal(0.5, model.Probability(startsWithA), 1e-12);

            var random = new Xoshiro256StarStar(29);
            var observed = new long[2];
            for (int i = 0; i < 4_000; i++)
            {
                observed[model.Sample(ref random, anyLength)[0] == 'a' ? 0 : 1]++;
            }

            (double statistic, double p) = ChiSquare.Test(observed, [0.5, 0.5]);
            Assert.True(p >= ChiSquare.RejectBelow, $"T = {temperature}: {observed[0]} names start with a, {observed[1]} with b (chi² = {statistic:F1})");
        }
    }

    [Fact]
    public void One_options_instance_serves_several_models_on_several_threads()
    {
        // Two models with different alphabets, taking turns on every thread with the same options: a name drawn
        // through what the options bound for the other model would show a letter its alphabet lacks.
        LanguageModel ab = LanguageModel.FromText(ConstraintModels.TwoLetters, 3);
        LanguageModel ac = LanguageModel.FromText("ac\nca\naac\nc\ncca", 2);
        var options = new SamplingOptions { Prefix = "a", MinLength = 2, MaxLength = 6, Novel = true, Temperature = 1.2 };
        Parallel.For(0, 8, thread =>
        {
            var random = new Xoshiro256StarStar((ulong)thread + 1);
            for (int k = 0; k < 2_000; k++)
            {
                LanguageModel model = (thread + k) % 2 == 0 ? ab : ac;
                string name = model.Sample(ref random, options);
                Assert.True(name.StartsWith('a') && name.Length is >= 2 and <= 6 && !model.ContainsName(name), name);
                Assert.True(name.All(c => model.Alphabet.Contains(c)), $"\"{name}\" has a letter outside \"{model.Alphabet}\"");
            }
        });

        foreach (LanguageModel model in new[] { ab, ac })
        {
            var fresh = new SamplingOptions { Prefix = "a", MinLength = 2, MaxLength = 6, Novel = true, Temperature = 1.2 };
            Assert.Equal(model.Probability(fresh), model.Probability(options));
        }
    }

    [Fact]
    public void The_fit_rejects_draws_at_another_temperature()
    {
        // Control: draws at T = 0.5 checked against the model at T = 1 must fail.
        ConstraintModel model = ConstraintModels.Get("order 3, Kneser-Ney (tree)");
        var cold = new SamplingOptions { Temperature = 0.5, MaxLength = 6 };
        var plain = new SamplingOptions { MaxLength = 6 };
        Expectation wrong = model.Expect(plain);
        var random = new Xoshiro256StarStar(3);
        var observed = new long[wrong.Keys.Length];
        for (int i = 0; i < 20_000; i++)
        {
            observed[wrong.CellOf(model.Sample(ref random, cold))]++;
        }

        Assert.True(wrong.Fit(observed).PValue < ChiSquare.RejectBelow);
    }

    [Fact]
    public void The_fit_rejects_lengths_drawn_by_cutting_names_short()
    {
        // Control: a name cut at the maximum length (a sampler that forces the end) is not the model conditioned
        // on its length; the fit tells them apart.
        ConstraintModel model = ConstraintModels.Get("order 2, additive 0.5 (dense bigram)");
        var options = new SamplingOptions { MaxLength = 2 };
        Expectation expected = model.Expect(options);
        var random = new Xoshiro256StarStar(5);
        var observed = new long[expected.Keys.Length];
        for (int i = 0; i < 20_000; i++)
        {
            string name = model.Sample(ref random, SamplingOptions.None);
            observed[expected.CellOf(name.Length > 2 ? name[..2] : name)]++;
        }

        Assert.True(expected.Fit(observed).PValue < ChiSquare.RejectBelow);
    }

    [Fact]
    public void The_exact_enumeration_covers_the_model()
    {
        // The enumeration's own sanity: at T = 1 every model's names within the bound and beyond it sum to 1,
        // and the enumerated probability of a name is the product of the model's steps.
        foreach (string name in ConstraintModels.Small)
        {
            ConstraintModel model = ConstraintModels.Get(name);
            ExactNames exact = model.Exact(1);
            double within = exact.Names.Values.Sum();
            Assert.InRange(within, 0.5, 1 + 1e-12);
            Assert.Equal(1, exact.RootMass);
            string some = exact.Names.Keys.First(k => k.Length == 3);
            double product = model.Probability(some, '.');
            for (int i = 0; i < some.Length; i++)
            {
                product *= model.Probability(some[..i], some[i]);
            }

            // A context tree stores its probabilities as floats (each context sums to 1 within about 4e-8), which
            // the enumeration, like the constrained sampler, renormalises in double.
            Assert.Equal(1, exact.Names[some] / product, 1e-6);
        }
    }
}
