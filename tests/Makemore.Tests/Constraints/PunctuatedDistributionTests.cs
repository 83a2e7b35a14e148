using System;
using System.Collections.Generic;
using System.Linq;
using Makemore.Tests.Statistics;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// Constrained draws from models whose alphabet holds '.' and ' ' (so the end's stand-in is U+0000, and no name
/// begins or ends with the space): the frequencies of 40,000 whole names under each option set — prefixes with a
/// space, lengths, novelty, temperature — against every name enumerated from the model's own
/// <c>Probability(prefix, next)</c> (<see cref="ExactNames"/>), at orders 2, 3 and 5, additive and Kneser–Ney.
/// </summary>
public class PunctuatedDistributionTests
{
    /// <summary>Names with spaces and dots inside, and dots at either end ("ab.", ".ab"), as in "Mr. Mime" or "Jr.".</summary>
    public const string List = "a.b\na b\nb. a\nab.\nb a.\na\nba b\n.ab\na ba\na b.";

    private const int Draws = 40_000;

    private static readonly Lazy<Dictionary<string, ConstraintModel>> Models = new(() => new (string Name, int Order, Smoothing Smoothing)[]
    {
        ("order 2, additive 0.5 (dense bigram)", 2, Smoothing.Additive(0.5)),
        ("order 2, Kneser-Ney", 2, Smoothing.KneserNey),
        ("order 3, additive 0.5", 3, Smoothing.Additive(0.5)),
        ("order 3, Kneser-Ney", 3, Smoothing.KneserNey),
        ("order 5, additive 0.5", 5, Smoothing.Additive(0.5)),
        ("order 5, Kneser-Ney", 5, Smoothing.KneserNey),
    }.ToDictionary(m => m.Name, m => ConstraintModel.Of(m.Name, LanguageModel.FromText(List, m.Order, m.Smoothing), List, bound: 6), StringComparer.Ordinal));

    private static readonly Dictionary<string, SamplingOptions> OptionSets = new(StringComparer.Ordinal)
    {
        ["none"] = SamplingOptions.None,
        ["prefix 'a '"] = new() { Prefix = "a " },
        ["prefix 'b.'"] = new() { Prefix = "b." },
        ["prefix 'a ', lengths 3 to 5"] = new() { Prefix = "a ", MinLength = 3, MaxLength = 5 },
        ["prefix 'ba ', max 4"] = new() { Prefix = "ba ", MaxLength = 4 },
        ["max 3"] = new() { MaxLength = 3 },
        ["length exactly 4"] = new() { MinLength = 4, MaxLength = 4 },
        ["novel"] = new() { Novel = true },
        ["novel, prefix 'a ', max 5"] = new() { Novel = true, Prefix = "a ", MaxLength = 5 },
        ["temperature 0.5"] = new() { Temperature = 0.5 },
        ["temperature 2, prefix 'b '"] = new() { Temperature = 2, Prefix = "b " },
        ["all: prefix 'a', lengths 2 to 5, novel, temperature 1.5"] = new() { Prefix = "a", MinLength = 2, MaxLength = 5, Novel = true, Temperature = 1.5 },
    };

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (string model in Models.Value.Keys)
        {
            foreach (string options in OptionSets.Keys)
            {
                data.Add(model, options, false);
                data.Add(model, options, true);
            }
        }

        return data;
    }

    public static TheoryData<string> ModelNames()
    {
        var data = new TheoryData<string>();
        foreach (string model in Models.Value.Keys)
        {
            data.Add(model);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Draws_follow_the_enumerated_conditional_distribution(string modelName, string optionsName, bool span)
    {
        ConstraintModel model = Models.Value[modelName];
        SamplingOptions options = OptionSets[optionsName];
        Expectation expected = model.Expect(options);
        Assert.True(expected.Keys.Length >= 3, $"only {expected.Keys.Length} names: the test would say little");

        ulong seed = (ulong)(modelName.Length * 7919) + (ulong)(optionsName.Length * 104729) + (span ? 1UL : 0UL);
        var random = new Xoshiro256StarStar(seed);
        var observed = new long[expected.Keys.Length];
        Span<char> buffer = stackalloc char[64];
        for (int i = 0; i < Draws; i++)
        {
            ReadOnlySpan<char> name = span ? buffer[..model.SampleInto(ref random, buffer, options)] : model.Sample(ref random, options);
            Assert.True(name.Length == 0 || (name[0] != ' ' && name[^1] != ' '), $"\"{name}\" begins or ends with a space");
            observed[expected.CellOf(name)]++;
        }

        (double statistic, double p, int cells) = expected.Fit(observed);
        Assert.True(p >= ChiSquare.RejectBelow, $"{modelName}, {optionsName}, {(span ? "span" : "string")}: chi² = {statistic:F1} over {cells} cells, p = {p:E2}");
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Probability_of_the_options_is_the_enumerated_mass(string modelName)
    {
        ConstraintModel model = Models.Value[modelName];
        foreach ((string name, SamplingOptions options) in OptionSets)
        {
            double exact = model.Expect(options).Mass;
            double actual = model.Mass(options);
            Assert.True(Math.Abs(actual - exact) <= 1e-9 * exact, $"{modelName}, {name}: Probability(options) = {actual:R}, enumerated {exact:R}");
        }
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void The_enumeration_gives_no_name_that_begins_or_ends_with_a_space_and_covers_the_model(string modelName)
    {
        ConstraintModel model = Models.Value[modelName];
        Assert.Equal("\0 .ab", model.Alphabet);
        ExactNames exact = model.Exact(1);
        Assert.DoesNotContain(exact.Names.Keys, name => name.StartsWith(' ') || name.EndsWith(' '));
        Assert.Contains(exact.Names.Keys, name => name.Contains(' ', StringComparison.Ordinal) && name.Contains('.', StringComparison.Ordinal));
        Assert.InRange(exact.Names.Values.Sum(), 0.5, 1 + 1e-9);

        // The model's own steps: whitespace never follows the start, the end never follows whitespace.
        Assert.Equal(0, model.Probability(string.Empty, ' '));
        Assert.Equal(0, model.Probability("a ", '\0'));
        Assert.Equal(0, model.Probability("ba ", '\0'));
        Assert.True(model.Probability("a ", 'b') > 0);
        Assert.True(model.Probability("ab", '.') > 0 && model.Probability("ab.", '\0') > 0);
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void The_support_leaves_out_names_that_begin_or_end_with_a_space(string modelName)
    {
        // Every other step has a probability above zero: the names of at most 3 of the 4 characters that neither begin
        // nor end with the space are 1 + 3 + 3·3 + 3·4·3 = 49.
        ConstraintModel model = Models.Value[modelName];
        var options = new SamplingOptions { MaxLength = 3 };
        var random = new Xoshiro256StarStar(17);
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.SampleUnique(ref random, 50, options));
        Assert.Contains("only 49 ", error.Message, StringComparison.Ordinal);

        string[] all = model.SampleUnique(ref random, 49, options);
        Assert.Equal(49, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, name => Assert.True(name.Length <= 3 && name.Trim() == name, $"\"{name}\""));
    }

    [Fact]
    public void The_fit_rejects_a_space_that_may_end_a_name()
    {
        // Control: the draws of "prefix 'a '" checked against a model in which the end may follow the space (its
        // probability taken from the root, as a sampler without the structural zeros would have it) must fail.
        ConstraintModel model = Models.Value["order 3, Kneser-Ney"];
        var options = new SamplingOptions { Prefix = "a ", MaxLength = 5 };
        Func<string, char, double> leaky = (prefix, next) =>
            prefix.EndsWith(' ') ? (next == '\0' ? 0.3 : 0.7 * model.Probability(prefix, next)) : model.Probability(prefix, next);
        Expectation wrong = new ExactNames(leaky, model.Alphabet, 1, string.Empty, 6).Condition(options, model.List);
        var random = new Xoshiro256StarStar(3);
        var observed = new long[wrong.Keys.Length];
        for (int i = 0; i < 20_000; i++)
        {
            observed[wrong.CellOf(model.Sample(ref random, options))]++;
        }

        Assert.True(wrong.Fit(observed).PValue < ChiSquare.RejectBelow);
    }
}
