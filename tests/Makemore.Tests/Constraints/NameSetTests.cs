using System;
using System.Collections.Generic;
using System.Linq;
using Makemore.Constraints;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// <c>ContainsName</c> and the packed set of the list's names behind it: every name of the list is in it, no
/// other name is (near misses, prefixes, other cases, characters outside the alphabet), and a generated model
/// answers as the model built at run time from the same list.
/// </summary>
public class NameSetTests
{
    private const string Mixed = "zoé\nÅsa\nbjörn\nana\nanna\nann\nΩmega\nana\nb\nanna";

    private static readonly Lazy<LanguageModel> RuntimeBigram = new(() => LanguageModel.FromText(DefaultData.Text));

    public static TheoryData<int> Orders() => new() { 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Every_listed_name_is_in_the_set_and_no_near_miss_is(int order)
    {
        LanguageModel model = LanguageModel.FromText(Mixed, order);
        HashSet<string> listed = ConstraintModel.Distinct(Mixed);
        Assert.Equal(8, listed.Count);
        Assert.All(listed, name => Assert.True(model.ContainsName(name), name));
        string[] others =
        [
            string.Empty, "a", "an", "annaa", "anan", "nna", "aann", "zo", "zoe", "Zoé", "zoé ", " zoé", "ZOÉ", "asa", "Asa",
            "björ", "björnn", "bjorn", "Ωmeg", "Ωmegaa", "ωmega", "bb", "ab", "x", "a.na", "an\na", "ana\n", "\uFEFFana", new string('a', 300),
        ];
        Assert.All(others, name => Assert.False(model.ContainsName(name), name));

        NameSet set = model.Tables.Names;
        Assert.True(set.IsAvailable);
        Assert.Equal(listed.Count, set.Count);
        Assert.True(listed.SetEquals(Decode(set, model.Alphabet.ToString())));
    }

    [Fact]
    public void Many_random_names_are_found_exactly()
    {
        var random = new Random(11);
        string RandomName() => new(Enumerable.Range(0, random.Next(1, 9)).Select(_ => (char)('a' + random.Next(6))).ToArray());
        string[] names = Enumerable.Range(0, 3000).Select(_ => RandomName()).ToArray();
        var listed = names.ToHashSet(StringComparer.Ordinal);
        LanguageModel model = LanguageModel.FromText(string.Join("\n", names), 1);
        Assert.Equal(listed.Count, model.Tables.Names.Count);
        Assert.All(listed, name => Assert.True(model.ContainsName(name), name));
        int outside = 0;
        for (int i = 0; i < 20_000; i++)
        {
            string name = RandomName();
            Assert.Equal(listed.Contains(name), model.ContainsName(name));
            outside += listed.Contains(name) ? 0 : 1;
        }

        Assert.True(outside > 10_000, "most of the probes must be names outside the list");
    }

    [Fact]
    public void Generated_models_answer_as_the_run_time_model()
    {
        HashSet<string> listed = ConstraintModel.Distinct(DefaultData.Text);
        LanguageModel runtime = RuntimeBigram.Value;
        Assert.Equal(listed.Count, DefaultNames.Tables.Names.Count);
        Assert.Equal(listed.Count, DefaultNamesOrder3.Tables.Names.Count);
        Assert.True(listed.SetEquals(Decode(DefaultNames.Tables.Names, DefaultNames.Alphabet.ToString())));
        foreach (string name in listed)
        {
            Assert.True(DefaultNames.ContainsName(name) && DefaultNamesOrder3.ContainsName(name) && runtime.ContainsName(name), name);
            foreach (string other in new[] { name + "a", name[..^1], new string(name.Reverse().ToArray()), name.ToUpperInvariant(), name + "é" })
            {
                bool expected = listed.Contains(other);
                Assert.Equal(expected, DefaultNames.ContainsName(other));
                Assert.Equal(expected, DefaultNamesOrder3.ContainsName(other));
                Assert.Equal(expected, runtime.ContainsName(other));
            }
        }
    }

    [Fact]
    public void A_generated_model_draws_as_the_run_time_model_with_the_same_options()
    {
        LanguageModel runtime = RuntimeBigram.Value;
        foreach (SamplingOptions options in new SamplingOptions[]
        {
            new() { Novel = true },
            new() { Prefix = "ar", MinLength = 4, MaxLength = 7, Novel = true, Temperature = 0.8 },
        })
        {
            Assert.Equal(runtime.Probability(options), DefaultNames.Probability(options), 1e-14);
            var a = new Xoshiro256StarStar(21);
            var b = new Xoshiro256StarStar(21);
            for (int i = 0; i < 200; i++)
            {
                Assert.Equal(runtime.Sample(ref a, options), DefaultNames.Sample(ref b, options));
            }

            Assert.Equal(runtime.SampleUnique(ref a, 20, options), DefaultNames.SampleUnique(ref b, 20, options));
        }
    }

    private static HashSet<string> Decode(NameSet set, string alphabet)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ReadOnlySpan<ushort> symbols in set)
        {
            var name = new char[symbols.Length];
            for (int i = 0; i < symbols.Length; i++)
            {
                name[i] = alphabet[symbols[i]];
            }

            Assert.True(names.Add(new string(name)), "a name is stored twice");
        }

        return names;
    }
}
