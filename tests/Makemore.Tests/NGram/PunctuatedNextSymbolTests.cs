using System;
using System.Collections.Generic;
using System.Linq;
using Makemore.Tests.Constraints;
using Makemore.Tests.Statistics;
using Xunit;

namespace Makemore.Tests.NGram;

/// <summary>
/// The plain samplers of models whose alphabet holds '.' and ' ': the next-symbol frequencies of their names at the
/// start and at contexts that end in a space, against the model's own probabilities (chi-square). There whitespace
/// (at the start) and the end (after a space) have probability 0 and are never drawn. An order-n model's next symbol
/// depends only on the n − 1 symbols before it (start tokens before the name), so the steps from one context, wherever
/// it occurs in whatever name, follow one distribution.
/// </summary>
public class PunctuatedNextSymbolTests
{
    private const int Names = 150_000;

    private const char Start = '\u0001'; // the start padding in a context key (no name holds U+0001)

    public static TheoryData<int, string, string> Cases()
    {
        var data = new TheoryData<int, string, string>();
        foreach (int order in new[] { 2, 3, 5 })
        {
            foreach (string smoothing in new[] { "additive 0.5", "Kneser-Ney" })
            {
                foreach (string sampler in new[] { "string", "span", "lines" })
                {
                    data.Add(order, smoothing, sampler);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void At_the_start_and_after_a_space_the_next_symbol_follows_the_model_and_never_breaks_a_name_at_whitespace(int order, string smoothing, string sampler)
    {
        LanguageModel model = LanguageModel.FromText(PunctuatedDistributionTests.List, order, smoothing == "Kneser-Ney" ? Smoothing.KneserNey : Smoothing.Additive(0.5));
        string alphabet = model.Alphabet.ToString();
        Assert.Equal("\0 .ab", alphabet);
        Dictionary<string, (string Prefix, long[] Observed)> steps = Steps(model, Draw(model, sampler, (ulong)(order * 31) + (ulong)sampler.Length));

        // The start, and the contexts ending in a space met most often (each at least 2,000 times).
        string start = new(Start, order - 1);
        string[] afterSpace = [.. steps.Where(s => s.Key.EndsWith(' ') && s.Value.Observed.Sum() >= 2_000).OrderByDescending(s => s.Value.Observed.Sum()).Take(3).Select(s => s.Key)];
        Assert.NotEmpty(afterSpace);
        foreach (string context in afterSpace.Prepend(start))
        {
            (string prefix, long[] observed) = steps[context];
            double[] expected = [.. alphabet.Select(next => model.Probability(prefix, next))];
            if (context == start)
            {
                Assert.Equal(0, expected[1]);
                Assert.Equal(0, observed[1]); // no name begins with the space
            }
            else
            {
                Assert.Equal(0, expected[0]);
                Assert.Equal(0, observed[0]); // no name ends after it
            }

            (double statistic, double p) = ChiSquare.Test(observed, expected);
            Assert.True(p >= ChiSquare.RejectBelow, $"order {order}, {smoothing}, {sampler}, after \"{prefix}\": chi² = {statistic:F1}, p = {p:E2}; observed [{string.Join(", ", observed)}]");
        }
    }

    [Fact]
    public void The_chi_square_check_rejects_a_sampler_that_lets_a_name_begin_with_a_space()
    {
        // Control: the first symbols drawn, against the start's distribution with the space given the share the
        // unigram gives it (what a sampler without the structural zeros would draw it with).
        LanguageModel model = LanguageModel.FromText(PunctuatedDistributionTests.List, 2, Smoothing.KneserNey);
        long[] observed = Steps(model, Draw(model, "string", 5))[Start.ToString()].Observed;
        Assert.Equal(0, observed[1]);
        double space = LanguageModel.FromText(PunctuatedDistributionTests.List, 1, Smoothing.KneserNey).Probability("a", ' ');
        Assert.True(space > 0.05, $"the unigram gives the space {space}");
        double[] leaky = [.. model.Alphabet.ToString().Select((next, w) => w == 1 ? space : (1 - space) * model.Probability(string.Empty, next))];
        Assert.True(ChiSquare.Test(observed, leaky).PValue < ChiSquare.RejectBelow);
    }

    /// <summary><see cref="Names"/> names from the sampler named.</summary>
    private static List<string> Draw(LanguageModel model, string sampler, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var names = new List<string>(Names);
        if (sampler == "lines")
        {
            var buffer = new char[1 << 16];
            while (names.Count < Names)
            {
                model.SampleLines(ref random, buffer, out int written);
                names.AddRange(new string(buffer, 0, written).Split('\n')[..^1]);
            }

            return names;
        }

        Span<char> span = stackalloc char[64];
        for (int i = 0; i < Names; i++)
        {
            names.Add(sampler == "span" ? span[..model.Sample(ref random, span)].ToString() : model.Sample(ref random));
        }

        return names;
    }

    /// <summary>
    /// For each context (the n − 1 symbols before a step, <see cref="Start"/> for the start padding), a prefix that ends
    /// in it and how often each symbol (index 0: the end) was drawn there.
    /// </summary>
    private static Dictionary<string, (string Prefix, long[] Observed)> Steps(LanguageModel model, List<string> names)
    {
        string alphabet = model.Alphabet.ToString();
        int width = model.Order - 1;
        var steps = new Dictionary<string, (string Prefix, long[] Observed)>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            string padded = new string(Start, width) + name;
            for (int i = 0; i <= name.Length; i++)
            {
                string context = padded.Substring(i, width);
                if (!steps.TryGetValue(context, out var step))
                {
                    step = (name[..i], new long[alphabet.Length]);
                    steps.Add(context, step);
                }

                step.Observed[i < name.Length ? alphabet.IndexOf(name[i], 1) : 0]++;
            }
        }

        return steps;
    }
}
