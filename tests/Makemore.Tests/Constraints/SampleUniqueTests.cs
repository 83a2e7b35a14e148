using System;
using System.Linq;
using Makemore.Tests.Statistics;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// <c>SampleUnique</c>: different names that meet the options, all of a finite support when asked for exactly
/// its size and an <see cref="ArgumentException"/> at once for one more, and draws without replacement: the
/// second name given the first, x, follows p(y) / (1 − p(x)).
/// </summary>
public class SampleUniqueTests
{
    public static TheoryData<string> SmallModels()
    {
        var data = new TheoryData<string>();
        foreach (string model in ConstraintModels.Small)
        {
            data.Add(model);
        }

        return data;
    }

    public static TheoryData<string> AllModels()
    {
        TheoryData<string> data = SmallModels();
        foreach (string model in ConstraintModels.Generated)
        {
            data.Add(model);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void Every_name_of_a_batch_is_different_and_meets_the_options(string modelName)
    {
        ConstraintModel model = ConstraintModels.Get(modelName);
        string prefix = model.Root.Length > 0 ? model.Root : "a";
        foreach (SamplingOptions options in new SamplingOptions[]
        {
            SamplingOptions.None,
            new() { Prefix = prefix, Novel = true },
            new() { Prefix = prefix, MinLength = prefix.Length + 1, MaxLength = prefix.Length + 5, Temperature = 1.4 },
            new() { Novel = true, MinLength = 3, Temperature = 0.8 },
        })
        {
            var random = new Xoshiro256StarStar(17);
            string[] names = model.SampleUnique(ref random, 25, options);
            Assert.Equal(25, names.Length);
            Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
            Assert.All(names, name =>
            {
                Assert.StartsWith(options.Prefix, name, StringComparison.Ordinal);
                Assert.InRange(name.Length, options.MinLength, options.MaxLength);
                Assert.False(options.Novel && model.List.Contains(name), $"\"{name}\" is in the list");
            });
        }
    }

    [Fact]
    public void The_Random_overloads_draw_different_names_too()
    {
        var options = new SamplingOptions { Prefix = "ma", Novel = true, MaxLength = 7 };
        string[] bigram = DefaultNames.SampleUnique(new Random(4), 40, options);
        string[] tree = LanguageModel.FromText(ConstraintModels.FourLetters, 3).SampleUnique(new Random(4), 40, new SamplingOptions { MaxLength = 6 });
        Assert.Equal(40, bigram.Distinct(StringComparer.Ordinal).Count());
        Assert.All(bigram, name => Assert.True(name.StartsWith("ma", StringComparison.Ordinal) && name.Length <= 7 && !DefaultNames.ContainsName(name), name));
        Assert.Equal(40, tree.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tree, name => Assert.InRange(name.Length, 0, 6));
    }

    [Fact]
    public void No_names_and_a_negative_count()
    {
        var random = new Xoshiro256StarStar(1);
        Assert.Empty(DefaultNames.SampleUnique(ref random, 0, SamplingOptions.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => DefaultNames.SampleUnique(new Random(1), -1, SamplingOptions.None));
    }

    [Theory]
    [MemberData(nameof(SmallModels))]
    public void Asking_for_the_whole_support_gives_every_name_and_one_more_throws(string modelName)
    {
        ConstraintModel model = ConstraintModels.Get(modelName);
        foreach (SamplingOptions options in new SamplingOptions[]
        {
            new() { MaxLength = 2 },
            new() { MinLength = 1, MaxLength = 2, Novel = true },
            new() { Prefix = "b", MaxLength = 3, Temperature = 1.5 },
        })
        {
            Expectation expected = model.Expect(options);
            Assert.True(expected.Probabilities.Min() > 1e-4, $"every name of the support must be well above the minimum acceptance: {expected.Probabilities.Min():E2} (max {options.MaxLength}, {options.Prefix})");
            var support = expected.Keys.ToHashSet(StringComparer.Ordinal);
            for (ulong seed = 1; seed <= 3; seed++)
            {
                var random = new Xoshiro256StarStar(seed);
                string[] all = model.SampleUnique(ref random, support.Count, options);
                Assert.True(support.SetEquals(all), $"{string.Join(",", all)} is not the support {string.Join(",", support)}");
            }

            // One more than the support, counted from the model's transitions, is refused at once, naming both.
            var more = new Xoshiro256StarStar(9);
            ArgumentException error = Assert.Throws<ArgumentException>(() => model.SampleUnique(ref more, support.Count + 1, options));
            Assert.Contains($"{support.Count + 1} different names were asked for", error.Message, StringComparison.Ordinal);
            Assert.Contains($"only {support.Count} ", error.Message, StringComparison.Ordinal);
            Assert.Equal("count", error.ParamName);
        }
    }

    public static TheoryData<string, bool> WithoutReplacementCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (string model in new[] { "order 2, additive 0.5 (dense bigram)", "order 3, Kneser-Ney (tree)", "order 3, additive 0.3 (tree)" })
        {
            data.Add(model, false);
            data.Add(model, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WithoutReplacementCases))]
    public void The_second_name_follows_the_model_without_the_first(string modelName, bool novel)
    {
        ConstraintModel model = ConstraintModels.Get(modelName);
        var options = new SamplingOptions { MaxLength = 2, Novel = novel, Temperature = 1.2 };
        Expectation expected = model.Expect(options);
        int n = expected.Keys.Length;

        // Cell (x, y): p(x) p(y) / (1 − p(x)) for x ≠ y.
        var joint = new double[n * n];
        for (int x = 0; x < n; x++)
        {
            for (int y = 0; y < n; y++)
            {
                joint[(x * n) + y] = x == y ? 0 : expected.Probabilities[x] * expected.Probabilities[y] / (1 - expected.Probabilities[x]);
            }
        }

        Assert.Equal(1, joint.Sum(), 1e-12);
        var observed = new long[n * n];
        var random = new Xoshiro256StarStar(novel ? 41UL : 43UL);
        for (int i = 0; i < 40_000; i++)
        {
            string[] pair = model.SampleUnique(ref random, 2, options);
            observed[(expected.CellOf(pair[0]) * n) + expected.CellOf(pair[1])]++;
        }

        (double statistic, double p, int cells) = Pooled.Test(observed, joint);
        Assert.True(p >= ChiSquare.RejectBelow, $"{modelName}: chi² = {statistic:F1} over {cells} cells, p = {p:E2}");

        // Control: the same pairs against independent draws (with replacement, the diagonal excluded and renormalised) fail.
        var withReplacement = new double[n * n];
        for (int x = 0; x < n; x++)
        {
            for (int y = 0; y < n; y++)
            {
                withReplacement[(x * n) + y] = x == y ? 0 : expected.Probabilities[x] * expected.Probabilities[y];
            }
        }

        double total = withReplacement.Sum();
        Assert.True(Pooled.Test(observed, withReplacement.Select(q => q / total).ToArray()).PValue < ChiSquare.RejectBelow);
    }
}
