using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// Any small list, order, smoothing and set of options: every name drawn meets the options, and each call
/// returns or throws what it documents (an <see cref="ArgumentException"/> for options no name meets, an
/// <see cref="InvalidOperationException"/> for a batch larger than the names left); <c>Probability(options)</c> is
/// the enumerated mass. Lists are tiny so that every case takes milliseconds.
/// </summary>
public class ConstraintPropertyTests
{
    /// <summary>A set of options as plain values, so that a failing case prints them.</summary>
    public sealed record Constraint(string Prefix, int MinLength, int MaxLength, bool Novel, double Temperature)
    {
        public SamplingOptions ToOptions() => new() { Prefix = Prefix, MinLength = MinLength, MaxLength = MaxLength, Novel = Novel, Temperature = Temperature };
    }

    private static readonly Gen<string> List = Gen.Char['a', 'c'].Array[1, 4].Select(c => new string(c)).Array[1, 6].Select(names => string.Join("\n", names));

    private static readonly Gen<Smoothing> Smoothings = Gen.OneOf(Smoothing.KneserNey, Smoothing.Additive(0), Smoothing.Additive(0.1), Smoothing.Additive(1), Smoothing.Additive(2.5));

    // Mostly letters of the lists; now and then one that the list may lack (c, d) or that none has (z).
    private static readonly Gen<string> Prefix = Gen.Frequency(
        (8, (IGen<string>)Gen.Char['a', 'c'].Array[0, 3].Select(c => new string(c))),
        (1, Gen.OneOf("d", "az", "bd")));

    private static readonly Gen<double> Temperature = Gen.OneOf(0.5, 0.7, 1.0, 1.0, 1.0, 1.6, 3.0);

    private static Gen<Constraint> Constraints(Gen<int> maxLength) =>
        Gen.Select(Prefix, Gen.Int[0, 6], maxLength, Gen.Bool, Temperature, (prefix, min, max, novel, t) => new Constraint(prefix, min, max, novel, t));

    private static readonly Gen<Constraint> AnyConstraint = Constraints(Gen.Frequency((2, (IGen<int>)Gen.Const(int.MaxValue)), (3, Gen.Int[0, 7])));

    [Fact]
    public void Every_draw_meets_the_options_or_the_call_throws_what_it_documents() =>
        Gen.Select(List, Gen.Int[1, 4], Smoothings, AnyConstraint).Sample(
            (list, order, smoothing, constraint) =>
            {
                LanguageModel model = LanguageModel.FromText(list, order, smoothing);
                HashSet<string> listed = ConstraintModel.Distinct(list);
                SamplingOptions options = constraint.ToOptions();
                double probability;
                try
                {
                    probability = model.Probability(options);
                }
                catch (ArgumentException refused) when (refused.GetType() == typeof(ArgumentException))
                {
                    // Refused options are refused by every call, at once.
                    Assert.Equal("options", refused.ParamName);
                    Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), options));
                    Assert.Throws<ArgumentException>(() => model.SampleUnique(new Random(1), 2, options));
                    return;
                }

                Assert.InRange(probability, double.Epsilon, 1 + 1e-9);

                // Few draws when nearly every name is rejected (each draw then takes many).
                double kept = options.Novel ? probability / model.Probability((constraint with { Novel = false }).ToOptions()) : 1;
                int draws = kept < 1e-3 ? 1 : 4;
                var random = new Xoshiro256StarStar((ulong)list.Length);
                char[] buffer = new char[64];
                for (int i = 0; i < draws; i++)
                {
                    Meets(model, listed, constraint, DrawOrNull(() => model.Sample(ref random, options)));
                    Meets(model, listed, constraint, DrawOrNull(() => new string(buffer, 0, model.Sample(ref random, buffer, options))));
                }

                try
                {
                    string[] batch = model.SampleUnique(ref random, 3, options);
                    Assert.Equal(3, batch.Distinct(StringComparer.Ordinal).Count());
                    Assert.All(batch, name => Meets(model, listed, constraint, name));
                }
                catch (InvalidOperationException tooFew)
                {
                    Assert.Contains("different names could be drawn of the 3", tooFew.Message, StringComparison.Ordinal);
                }
                catch (ArgumentException fewerThanAsked) when (fewerThanAsked.ParamName == "count")
                {
                    // Fewer different names meet the options than asked for: refused at once, naming both numbers.
                    Assert.Contains("3 different names were asked for, but this model has only ", fewerThanAsked.Message, StringComparison.Ordinal);
                }
            },
            iter: 300);

    /// <summary>A draw, or null when it threw the <see cref="InvalidOperationException"/> of names that (almost) never end.</summary>
    private static string? DrawOrNull(Func<string> draw)
    {
        try
        {
            return draw();
        }
        catch (InvalidOperationException endless)
        {
            Assert.Contains("characters", endless.Message, StringComparison.Ordinal);
            return null;
        }
    }

    private static void Meets(LanguageModel model, HashSet<string> listed, Constraint constraint, string? name)
    {
        if (name is null)
        {
            return;
        }

        Assert.StartsWith(constraint.Prefix, name, StringComparison.Ordinal);
        Assert.InRange(name.Length, constraint.MinLength, constraint.MaxLength);
        Assert.True(!constraint.Novel || (!listed.Contains(name) && !model.ContainsName(name)), $"\"{name}\" is a name of the list");
    }

    [Fact]
    public void Probability_of_any_options_is_the_enumerated_mass() =>
        Gen.Select(List, Gen.Int[1, 4], Smoothings, Constraints(Gen.Int[0, 5])).Sample(
            (list, order, smoothing, constraint) =>
            {
                LanguageModel model = LanguageModel.FromText(list, order, smoothing);
                HashSet<string> listed = ConstraintModel.Distinct(list);
                SamplingOptions options = constraint.ToOptions();
                string alphabet = model.Alphabet.ToString();
                if (constraint.Prefix.Any(c => alphabet.IndexOf(c, 1) < 0) || constraint.MinLength > constraint.MaxLength || constraint.Prefix.Length > constraint.MaxLength)
                {
                    Assert.Throws<ArgumentException>(() => model.Probability(options));
                    return;
                }

                ExactNames exact = new((prefix, next) => model.Probability(prefix, next), alphabet, constraint.Temperature, string.Empty, 5);
                double mass = exact.Condition(options, listed).Mass;
                double withCopies = exact.Condition((constraint with { Novel = false }).ToOptions(), listed).Mass;
                if (mass == 0 || mass / withCopies < SamplingOptions.MinimumAcceptance)
                {
                    Assert.Throws<ArgumentException>(() => model.Probability(options));
                    return;
                }

                double actual = model.Probability(options);
                Assert.True(Math.Abs(actual - mass) <= 1e-9 * mass, $"Probability(options) = {actual:R}, enumerated {mass:R}");
            },
            iter: 300);
}
