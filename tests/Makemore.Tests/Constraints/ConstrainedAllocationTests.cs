using System;
using System.Collections.Generic;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// Once a set of options has served a model (its first draw builds what they need), every span draw with them
/// allocates nothing: for each kind of option, on the dense bigram and a context tree, generated or not.
/// </summary>
public class ConstrainedAllocationTests
{
    private static readonly Lazy<LanguageModel> Bigram = new(() => LanguageModel.FromText(ConstraintModels.ThreeLetters, 2));
    private static readonly Lazy<LanguageModel> Tree = new(() => LanguageModel.FromText(ConstraintModels.FourLetters, 4, Smoothing.KneserNey));

    private static readonly Dictionary<string, SamplingOptions> Options = new(StringComparer.Ordinal)
    {
        ["prefix"] = new() { Prefix = "ca" },
        ["lengths"] = new() { MinLength = 3, MaxLength = 8 },
        ["novel"] = new() { Novel = true },
        ["temperature"] = new() { Temperature = 0.7 },
        ["all"] = new() { Prefix = "ca", MinLength = 3, MaxLength = 8, Novel = true, Temperature = 1.3 },
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string model in new[] { "run-time bigram", "run-time tree", "DefaultNames", "DefaultNamesOrder3" })
        {
            foreach (string options in Options.Keys)
            {
                data.Add(model, options);
            }
        }

        return data;
    }

    private sealed class State
    {
        public Xoshiro256StarStar Random = new(12);

        public char[] Buffer = new char[64];

        public long Written;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_span_draw_allocates_nothing_after_the_first(string modelName, string optionsName)
    {
        SamplingOptions options = Options[optionsName];
        var state = new State();
        Action draw = modelName switch
        {
            "run-time bigram" => () => state.Written += Bigram.Value.Sample(ref state.Random, state.Buffer, options),
            "run-time tree" => () => state.Written += Tree.Value.Sample(ref state.Random, state.Buffer, options),
            "DefaultNames" => () => state.Written += DefaultNames.Sample(ref state.Random, state.Buffer, options),
            _ => () => state.Written += DefaultNamesOrder3.Sample(ref state.Random, state.Buffer, options),
        };

        AssertNothingAllocatedAfterTheFirstDraws(draw, state);
    }

    [Theory]
    [InlineData("run-time models")]
    [InlineData("generated models")]
    public void One_options_object_used_alternately_with_two_models_allocates_nothing_after_each_models_first_draw(string which)
    {
        // The README: make the options once and reuse them; after each model's first draw nothing is allocated,
        // even when draws from two models take turns (each switch finds the other model's work again).
        var options = new SamplingOptions { MinLength = 3, MaxLength = 8, Temperature = 0.9 };
        var state = new State();
        Action draw = which == "run-time models"
            ? () =>
            {
                state.Written += Bigram.Value.Sample(ref state.Random, state.Buffer, options);
                state.Written += Tree.Value.Sample(ref state.Random, state.Buffer, options);
            }
            : () =>
            {
                state.Written += DefaultNames.Sample(ref state.Random, state.Buffer, options);
                state.Written += DefaultNamesOrder3.Sample(ref state.Random, state.Buffer, options);
            };

        AssertNothingAllocatedAfterTheFirstDraws(draw, state);
    }

    private static void AssertNothingAllocatedAfterTheFirstDraws(Action draw, State state)
    {
        long allocated = Allocations.Measure(
            () =>
            {
                for (int i = 0; i < 200; i++)
                {
                    draw();
                }
            },
            warmUp: 20);
        Assert.Equal(0, allocated);
        Assert.True(state.Written > 0);
    }
}
