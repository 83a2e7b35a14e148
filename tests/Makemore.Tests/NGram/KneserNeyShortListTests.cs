using System.Collections.Generic;
using System.Linq;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Planning;
using Makemore.Modeling.Smoothing;
using Xunit;

namespace Makemore.Tests.NGram;

/// <summary>
/// Kneser–Ney tuned on the folds of a list of a few names (issue 15: "emma" at order 6 scored worse than uniform,
/// 5- and 20-name lists at order 4 scored held-out names worse than their bigram in 8–9 draws of 20). Every draw is
/// made from a fixed seed, so a failure repeats.
/// </summary>
public class KneserNeyShortListTests
{
    /// <summary>The lists names are drawn from: the project's names and, when available, the lecture's.</summary>
    private static IEnumerable<(string Label, string[] Names)> Sources()
    {
        yield return ("data/names.txt", Names(DefaultData.Text));
        if (LectureData.SkipReason is null)
        {
            yield return ("lecture names.txt", Names(LectureData.Text));
        }
    }

    private static string[] Names(string text)
    {
        NameList list = NameListParser.Parse(text);
        return Enumerable.Range(0, list.Count).Select(i => text.Substring(list.NameStarts[i], list.NameLengths[i])).ToArray();
    }

    /// <summary>The model a Kneser–Ney list gets (through the plan: a list of one name falls back to the bigram).</summary>
    private static NGramModel TunedKneserNey(string text, int order)
    {
        NameList names = NameListParser.Parse(text);
        ModelPlan plan = ModelPlan.Make(names, new ModelSettings(order, NGramSmoothingKind.KneserNey, 0), long.MaxValue, out NGramCounts? counts);
        counts ??= NGramCounts.Count(names, order);
        return plan.IsBigramFallback ? NGramModel.Additive(counts, 1, level: 1) : NGramModel.KneserNey(counts, plan.Parameters!);
    }

    private static double Nll(NGramModel model, string name) => model.NegativeLogLikelihood(NGramTestModels.Encode(model.Counts.Alphabet, name));

    /// <summary>
    /// Margin: 3 standard errors of the per-token difference between the two models on the same held-out names
    /// (the ratio estimator's, from the spread of the names' own differences). That is the noise of judging two
    /// models on a finite sample of names: a model no worse than the bigram exceeds it by chance once in 740 draws,
    /// and the draws where the two are close (one or two names, where both are near uniform) are a few percent of
    /// these. Before the tuner had its prior, 83 of 400 such draws exceeded it, by up to 2.5 nats per token.
    /// </summary>
    [Fact]
    public void On_lists_of_1_to_50_names_tuned_Kneser_Ney_scores_held_out_names_no_worse_than_the_bigram_beyond_noise()
    {
        var random = new Random(20261207);
        var failures = new List<string>();
        var differences = new List<double>();
        int skipped = 0;
        const int Draws = 240;
        (string Label, string[] Names)[] sources = Sources().ToArray();
        for (int draw = 0; draw < Draws; draw++)
        {
            (string label, string[] source) = sources[draw % sources.Length];
            int size = random.Next(2, 51); // one name gives the tuner no held-out evidence: see the test after this one
            int order = random.Next(3, 9);
            string[] list = DrawList(source, size, random);
            string[] heldOut = HeldOut(source, list, 200, random);
            if (heldOut.Length < 10)
            {
                skipped++; // too few names share the list's letters to judge anything
                continue;
            }

            string text = string.Join("\n", list);
            NGramModel kneserNey = TunedKneserNey(text, order);
            NGramModel bigram = NGramModel.Additive(NGramCounts.Count(NameListParser.Parse(text), 2), 1);
            (double difference, double standardError) = PairedDifference(kneserNey, bigram, heldOut);
            differences.Add(difference);
            if (difference > 3 * standardError)
            {
                failures.Add($"{label}, order {order}, {size} names ({string.Join(",", list.Take(5))}…): Kneser–Ney − bigram = {difference:F4} ± {standardError:F4} nats/token on {heldOut.Length} names");
            }
        }

        Assert.True(skipped < Draws / 10, $"{skipped} of {Draws} draws had fewer than 10 held-out names");
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Graceful is also better on the whole: the mean over these draws is −0.13 nats/token.
        Assert.True(differences.Average() < -0.05, $"mean Kneser–Ney − bigram {differences.Average():F4} nats/token");
    }

    /// <summary>
    /// A list of one name has no held-out fold to tune on: its Kneser–Ney model falls back to the lecture's bigram,
    /// laid out at the requested order, so it scores held-out names as the bigram does. (The prior's centre alone lost
    /// up to 0.06 nats per token to the bigram here; neither always beats uniform on names made of one name's letters.)
    /// </summary>
    [Fact]
    public void A_list_of_one_name_scores_held_out_names_as_the_bigram_does()
    {
        var random = new Random(7);
        (string Label, string[] Names)[] sources = Sources().ToArray();
        int judged = 0;
        for (int draw = 0; draw < 60; draw++)
        {
            (string label, string[] source) = sources[draw % sources.Length];
            string name = source[random.Next(source.Length)];
            string[] heldOut = HeldOut(source, [name], 200, random);
            if (heldOut.Length < 10)
            {
                continue;
            }

            judged++;
            int order = random.Next(3, 9);
            NGramModel kneserNey = TunedKneserNey(name, order);
            NGramModel bigram = NGramModel.Additive(NGramCounts.Count(NameListParser.Parse(name), 2), 1);
            (double difference, _) = PairedDifference(kneserNey, bigram, heldOut);
            Assert.True(Math.Abs(difference) < 1e-12, $"{label}, order {order}, '{name}': Kneser–Ney − bigram = {difference:F4}");
        }

        Assert.True(judged >= 20, $"only {judged} names had enough held-out names");
    }

    /// <summary>The issue's fuzzing: every tiny model scores its own list better than the uniform distribution over its symbols.</summary>
    [Fact]
    public void Every_tiny_model_scores_its_own_list_better_than_uniform()
    {
        var random = new Random(15);
        string[] source = Names(DefaultData.Text);
        var failures = new List<string>();
        for (int draw = 0; draw < 300; draw++)
        {
            string[] list = draw % 3 == 0 ? RandomStrings(random) : DrawList(source, random.Next(1, 51), random);
            int order = random.Next(3, 9);
            NGramModel model = TunedKneserNey(string.Join("\n", list), order);
            double perToken = list.Sum(name => Nll(model, name)) / list.Sum(name => name.Length + 1);
            double uniform = Math.Log(model.VocabularySize);
            if (!(perToken < uniform))
            {
                failures.Add($"order {order}, {string.Join(",", list)}: {perToken:F4} nats/token, uniform {uniform:F4}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void Emma_at_order_6_scores_below_uniform_and_its_most_frequent_letter_is_never_the_least_probable()
    {
        var model = LanguageModel.FromText("emma", 6, Smoothing.KneserNey);
        Assert.True(model.AverageNegativeLogLikelihood("emma") < Math.Log(4), $"{model.AverageNegativeLogLikelihood("emma"):F4} nats/token against uniform's {Math.Log(4):F4}");

        // Every context of the name, and contexts never seen: only the symbol the name shows after a context may be
        // more probable than 'm' (the issue found 'm', the commonest letter, the least probable in every context).
        foreach ((string prefix, char seen) in new[] { ("", 'e'), ("e", 'm'), ("em", 'm'), ("emm", 'a'), ("emma", '.'), ("a", '.'), ("ma", '.'), ("mmm", 'a') })
        {
            double[] p = ".aem".Select(next => model.Probability(prefix, next)).ToArray();
            Assert.True(Math.Abs(p.Sum() - 1) < 1e-6, $"after \"{prefix}\": Σ P = {p.Sum():R}");
            for (int j = 0; j < 3; j++)
            {
                Assert.True(".aem"[j] == seen || p[3] >= p[j], $"after \"{prefix}\": P(m) = {p[3]:F4} < P('{".aem"[j]}') = {p[j]:F4}");
            }
        }

        // The name's own contexts say what comes next: 'm' after "e", 'a' after "emm", the end after "emma" (a list of
        // one name is the lecture's bigram, MM0024, so each context is its last letter).
        Assert.True(model.Probability("e", 'm') > model.Probability("", 'm'));
        Assert.True(model.Probability("emm", 'a') > model.Probability("e", 'a'));
        Assert.True(model.Probability("emma", '.') > model.Probability("emm", '.'));

        // The root (no context), which the issue found giving 'm' 0.19 against 0.27 for the others.
        NGramModel tree = TunedKneserNey("emma", 6);
        double[] root = Enumerable.Range(0, tree.VocabularySize).Select(symbol => tree.ProbabilityAt(0, 0, symbol)).ToArray();
        Assert.Equal(root.Max(), root[tree.Counts.Alphabet.IndexOf('m', StringComparison.Ordinal)]);
    }

    [Fact]
    public void A_list_whose_folds_hold_no_evidence_gets_the_priors_centre()
    {
        // One name: every fold but one is empty, so no held-out token has a seen context.
        KneserNeyParameters parameters = KneserNeyTuner.Tune(NameListParser.Parse("emma"), 6, out _);
        Assert.Equal(KneserNeyPrior.Mode(6), parameters.Values);
    }

    private static string[] DrawList(string[] source, int size, Random random)
    {
        var chosen = new HashSet<int>();
        while (chosen.Count < size)
        {
            chosen.Add(random.Next(source.Length));
        }

        return chosen.Select(i => source[i]).ToArray();
    }

    /// <summary>Up to <paramref name="count"/> other names of the source written with the list's letters only (the model has no others).</summary>
    private static string[] HeldOut(string[] source, string[] list, int count, Random random)
    {
        var letters = new HashSet<char>(list.SelectMany(name => name));
        var listed = new HashSet<string>(list, StringComparer.Ordinal);
        var heldOut = new List<string>();
        for (int tries = 0; tries < 20_000 && heldOut.Count < count; tries++)
        {
            string name = source[random.Next(source.Length)];
            if (!listed.Contains(name) && name.All(letters.Contains))
            {
                heldOut.Add(name);
            }
        }

        return heldOut.ToArray();
    }

    /// <summary>1 to 8 strings of 1 to 8 letters from an alphabet of 1 to 5: lists with heavy repetition, duplicates included.</summary>
    private static string[] RandomStrings(Random random)
    {
        int letters = random.Next(1, 6);
        return Enumerable.Range(0, random.Next(1, 9))
            .Select(_ => new string(Enumerable.Range(0, random.Next(1, 9)).Select(_ => (char)('a' + random.Next(letters))).ToArray()))
            .ToArray();
    }

    /// <summary>Per-token NLL of <paramref name="a"/> minus <paramref name="b"/> on the names, and its standard error over the names (ratio estimator).</summary>
    private static (double Difference, double StandardError) PairedDifference(NGramModel a, NGramModel b, string[] names)
    {
        double[] d = names.Select(name => Nll(a, name) - Nll(b, name)).ToArray();
        double[] t = names.Select(name => name.Length + 1.0).ToArray();
        double tokens = t.Sum();
        double difference = d.Sum() / tokens;
        double spread = d.Select((x, i) => Math.Pow(x - (difference * t[i]), 2)).Sum() * names.Length / (names.Length - 1);
        return (difference, Math.Sqrt(spread) / tokens);
    }
}
