using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Makemore.Modeling.Parsing;
using Xunit;

namespace Makemore.Tests.Runtime;

/// <summary>
/// Any list a user brings (<see cref="AnyList"/>: spaces, '.', punctuation, digits, CJK, generated or drawn from the
/// real samples) and any model of it (orders 1 to 8, additive and Kneser–Ney; also of half the list over the whole
/// list's alphabet, as <c>evaluate</c> counts the train part): the list is read as it is written, the
/// model samples names of its own alphabet that never begin or end with whitespace and scores them finitely, knows
/// exactly the list's names, gives every context a distribution that sums to 1, and is the same model when built again.
/// </summary>
public class AnyListPropertyTests
{
    private static readonly Gen<Smoothing> Smoothings = Gen.OneOf(Smoothing.KneserNey, Smoothing.KneserNey, Smoothing.Additive(0.1), Smoothing.Additive(1), Smoothing.Additive(2.5));

    private static readonly Gen<int> Orders = Gen.Int[1, 8];

    [Fact]
    public void Parsing_keeps_every_character_of_a_trimmed_line() =>
        AnyList.Any(40).Sample(
            list =>
            {
                NameList parsed = NameListParser.Parse(list.Text);
                Assert.True(parsed.IsValid, parsed.Describe());
                string[] names = [.. Enumerable.Range(0, parsed.Count).Select(i => list.Text.Substring(parsed.NameStarts[i], parsed.NameLengths[i]))];
                Assert.Equal(list.Names, names);
                Assert.Equal(list.Alphabet, parsed.Alphabet);

                LanguageModel model = LanguageModel.FromText(list.Text, 2);
                Assert.Equal(list.Alphabet, model.Alphabet.ToString());
                Assert.Equal(list.Alphabet[0], model.End);
                Assert.Equal(list.Names.Length, model.NameCount);
                Assert.Equal(list.Names.Sum(n => n.Length + 1), model.TokenCount);
            },
            iter: 2000);

    [Fact]
    public void Every_model_samples_names_of_its_alphabet_that_never_begin_or_end_with_whitespace_and_scores_them_finitely() =>
        Gen.Select(AnyList.Any(), Orders, Smoothings, Gen.Bool, Gen.ULong).Sample(
            (list, order, smoothing, wider, seed) =>
            {
                LanguageModel model = wider ? OverWholeAlphabet(list, order, smoothing) : LanguageModel.FromText(list.Text, order, smoothing);
                var random = new Xoshiro256StarStar(seed);
                var names = new List<string>();
                for (int i = 0; i < 20; i++)
                {
                    names.Add(model.Sample(ref random));
                }

                Span<char> buffer = stackalloc char[128];
                for (int i = 0; i < 10; i++)
                {
                    names.Add(buffer[..model.Sample(ref random, buffer)].ToString());
                }

                char[] lines = new char[2048];
                int count = model.SampleLines(ref random, lines, out int written);
                string[] bulk = new string(lines, 0, written).Split('\n')[..^1];
                Assert.Equal(count, bulk.Length);
                names.AddRange(bulk);

                string characters = model.Alphabet[1..].ToString();
                foreach (string name in names)
                {
                    Assert.True(name.Length == 0 || (!char.IsWhiteSpace(name[0]) && !char.IsWhiteSpace(name[^1])), $"\"{name}\" begins or ends with whitespace");
                    Assert.All(name, c => Assert.Contains(c, characters));
                    double nll = model.NegativeLogLikelihood(name);
                    Assert.True(double.IsFinite(nll) && nll >= 0, $"NLL(\"{name}\") = {nll}");

                    // The score is the model's own steps: −Σ ln P(next | prefix), the end included.
                    double steps = -Math.Log(model.Probability(name, model.End));
                    for (int i = 0; i < name.Length; i++)
                    {
                        steps -= Math.Log(model.Probability(name.AsSpan(0, i), name[i]));
                    }

                    Assert.True(Math.Abs(nll - steps) <= 1e-4 * Math.Max(1, nll), $"NLL(\"{name}\") = {nll:R}, its steps {steps:R}");
                }

                // The list's text, read as the parser reads it (lines trimmed, blank ones skipped), scores its names.
                double total = list.Names.Sum(name => model.NegativeLogLikelihood(name));
                double average = model.AverageNegativeLogLikelihood(list.Text);
                double expected = total / list.Names.Sum(name => name.Length + 1);
                Assert.True(Math.Abs(average - expected) <= 1e-9 * Math.Max(1, expected), $"average NLL {average:R}, its names' {expected:R}");
            },
            iter: 300);

    [Fact]
    public void ContainsName_is_true_exactly_for_the_lists_names() =>
        Gen.Select(AnyList.Any(), Orders, Smoothings, Gen.ULong).Sample(
            (list, order, smoothing, seed) =>
            {
                LanguageModel model = LanguageModel.FromText(list.Text, order, smoothing);
                Assert.All(list.Names, name => Assert.True(model.ContainsName(name), $"\"{name}\" is in the list"));

                // Near misses: a character more or less, a space around, another list's, and whatever the model draws.
                var random = new Xoshiro256StarStar(seed);
                var candidates = new List<string> { string.Empty, " ", ".", "中", "Mr. Mime" };
                foreach (string name in list.Names)
                {
                    candidates.AddRange([name[..^1], name + "a", name + " ", " " + name, name + ".", name.ToUpperInvariant(), name.Replace(' ', '\u00A0')]);
                }

                for (int i = 0; i < 30; i++)
                {
                    candidates.Add(model.Sample(ref random));
                }

                Assert.All(candidates, candidate => Assert.True(model.ContainsName(candidate) == list.Distinct.Contains(candidate), $"ContainsName(\"{candidate}\") = {model.ContainsName(candidate)}"));
            },
            iter: 300);

    [Fact]
    public void Every_contexts_distribution_over_the_whole_alphabet_sums_to_one() =>
        Gen.Select(AnyList.Any(), Orders, Smoothings, Gen.Bool, Gen.ULong).Sample(
            (list, order, smoothing, wider, seed) =>
            {
                LanguageModel model = wider ? OverWholeAlphabet(list, order, smoothing) : LanguageModel.FromText(list.Text, order, smoothing);
                Assert.Equal(list.Alphabet, model.Alphabet.ToString());
                string alphabet = model.Alphabet.ToString();

                var random = new Xoshiro256StarStar(seed);
                var prefixes = new List<string> { string.Empty };
                foreach (string name in list.Names.Take(6).Append(model.Sample(ref random)))
                {
                    prefixes.AddRange(Enumerable.Range(1, name.Length).Select(length => name[..length]));
                }

                // Prefixes no name has: any characters, whitespace first or last included.
                for (int i = 0; i < 6; i++)
                {
                    prefixes.Add(new string([.. Enumerable.Range(0, 1 + (int)(random.NextUInt64() % 6)).Select(_ => alphabet[1 + (int)(random.NextUInt64() % (ulong)(alphabet.Length - 1))])]));
                }

                foreach (string prefix in prefixes)
                {
                    double sum = 0;
                    foreach (char next in alphabet)
                    {
                        double p = model.Probability(prefix, next);
                        Assert.True(p >= 0 && p <= 1 + 1e-6, $"P('{next}' | \"{prefix}\") = {p}");
                        sum += p;
                    }

                    Assert.True(Math.Abs(sum - 1) <= 2e-6, $"P(· | \"{prefix}\") sums to {sum:R}");

                    // The structural zeros: no name begins with whitespace or ends after it.
                    if (prefix.Length == 0 || char.IsWhiteSpace(prefix[^1]))
                    {
                        foreach (char next in alphabet.Where(c => prefix.Length == 0 ? char.IsWhiteSpace(c) : c == model.End))
                        {
                            Assert.Equal(0, model.Probability(prefix, next));
                        }
                    }
                }
            },
            iter: 300);

    /// <summary>
    /// A model of the first half of the list over the whole list's alphabet, as evaluate counts the train part: its
    /// root holds symbols counted zero times, whitespace among them.
    /// </summary>
    private static LanguageModel OverWholeAlphabet(AnyList list, int order, Smoothing smoothing) =>
        LanguageModel.FromTextOverAlphabetOf(string.Join("\n", list.Names.Take(Math.Max(1, list.Names.Length / 2))), list.Text, order, smoothing);

    [Fact]
    public void The_same_list_gives_the_same_tables() =>
        Gen.Select(AnyList.Any(), Orders, Smoothings).Sample(
            (list, order, smoothing) => SameTables.Assert(LanguageModel.FromText(list.Text, order, smoothing), LanguageModel.FromText(list.Text, order, smoothing)),
            iter: 200);
}
