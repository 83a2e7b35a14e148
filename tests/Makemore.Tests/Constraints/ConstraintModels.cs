using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace Makemore.Tests.Constraints;

internal delegate string StringDraw(ref Xoshiro256StarStar random, SamplingOptions options);

internal delegate int SpanDraw(ref Xoshiro256StarStar random, Span<char> destination, SamplingOptions options);

internal delegate string[] UniqueDraw(ref Xoshiro256StarStar random, int count, SamplingOptions options);

/// <summary>A model as the constraint tests use it, through its public calls, whether generated or built at run time.</summary>
internal sealed class ConstraintModel
{
    private readonly ConcurrentDictionary<(double Temperature, string Root), ExactNames> _exact = new();

    public required string Name { get; init; }

    public required string Alphabet { get; init; }

    /// <summary>The distinct names of the list it was built from.</summary>
    public required IReadOnlySet<string> List { get; init; }

    /// <summary>The longest names the exact enumeration lists one by one.</summary>
    public required int Bound { get; init; }

    /// <summary>The prefix every enumerated name has ("" for the small models; a generated model's names are too many).</summary>
    public string Root { get; init; } = string.Empty;

    public required Func<string, char, double> Probability { get; init; }

    public required StringDraw Sample { get; init; }

    public required SpanDraw SampleInto { get; init; }

    public required UniqueDraw SampleUnique { get; init; }

    public required Func<SamplingOptions, double> Mass { get; init; }

    public required Func<string, bool> ContainsName { get; init; }

    /// <summary>The model's tables (for the tests that look inside).</summary>
    public required Func<ModelTables> Tables { get; init; }

    /// <summary>The exact names at a temperature (enumerated once, then kept).</summary>
    public ExactNames Exact(double temperature, string? root = null) =>
        _exact.GetOrAdd((temperature, root ?? Root), key => new ExactNames(Probability, Alphabet, key.Temperature, key.Root, Bound));

    public Expectation Expect(SamplingOptions options) => Exact(options.Temperature).Condition(options, List);

    public override string ToString() => Name;

    public static ConstraintModel Of(string name, LanguageModel model, string list, int bound) => new()
    {
        Name = name,
        Alphabet = model.Alphabet.ToString(),
        List = Distinct(list),
        Bound = bound,
        Probability = (prefix, next) => model.Probability(prefix, next),
        Sample = (ref Xoshiro256StarStar random, SamplingOptions options) => model.Sample(ref random, options),
        SampleInto = (ref Xoshiro256StarStar random, Span<char> destination, SamplingOptions options) => model.Sample(ref random, destination, options),
        SampleUnique = (ref Xoshiro256StarStar random, int count, SamplingOptions options) => model.SampleUnique(ref random, count, options),
        Mass = model.Probability,
        ContainsName = name => model.ContainsName(name),
        Tables = () => model.Tables,
    };

    public static HashSet<string> Distinct(string list) =>
        list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}

/// <summary>The models the constraint tests draw from: small lists over 2 to 4 letters in every kind of table, and the generated ones.</summary>
internal static class ConstraintModels
{
    public const string TwoLetters = "ab\nba\naab\nb\nabba\nbb\nbab";
    public const string ThreeLetters = "abc\nca\nbca\ncab\na\nbb\naccb\ncc";
    public const string FourLetters = "dab\nacd\nbad\ncd\nda\nabcd\nb\ncab";

    private static readonly Lazy<Dictionary<string, ConstraintModel>> Models = new(() => new ConstraintModel[]
    {
        ConstraintModel.Of("order 1, additive 1", LanguageModel.FromText(TwoLetters, 1, Smoothing.Additive(1)), TwoLetters, 12),
        ConstraintModel.Of("order 2, additive 0.5 (dense bigram)", LanguageModel.FromText(ThreeLetters, 2, Smoothing.Additive(0.5)), ThreeLetters, 8),
        ConstraintModel.Of("order 3, Kneser-Ney (tree)", LanguageModel.FromText(ThreeLetters, 3, Smoothing.KneserNey), ThreeLetters, 8),
        ConstraintModel.Of("order 3, additive 0.3 (tree)", LanguageModel.FromText(TwoLetters, 3, Smoothing.Additive(0.3)), TwoLetters, 12),
        ConstraintModel.Of("order 4, Kneser-Ney (tree)", LanguageModel.FromText(FourLetters, 4, Smoothing.KneserNey), FourLetters, 6),
        new ConstraintModel
        {
            Name = "DefaultNames (generated bigram)",
            Alphabet = DefaultNames.Alphabet.ToString(),
            List = ConstraintModel.Distinct(DefaultData.Text),
            Bound = 4,
            Root = "ja",
            Probability = (prefix, next) => DefaultNames.Probability(prefix, next),
            Sample = DefaultNames.Sample,
            SampleInto = DefaultNames.Sample,
            SampleUnique = DefaultNames.SampleUnique,
            Mass = DefaultNames.Probability,
            ContainsName = name => DefaultNames.ContainsName(name),
            Tables = () => DefaultNames.Tables,
        },
        new ConstraintModel
        {
            Name = "DefaultNamesOrder3 (generated Kneser-Ney tree)",
            Alphabet = DefaultNamesOrder3.Alphabet.ToString(),
            List = ConstraintModel.Distinct(DefaultData.Text),
            Bound = 4,
            Root = "ka",
            Probability = (prefix, next) => DefaultNamesOrder3.Probability(prefix, next),
            Sample = DefaultNamesOrder3.Sample,
            SampleInto = DefaultNamesOrder3.Sample,
            SampleUnique = DefaultNamesOrder3.SampleUnique,
            Mass = DefaultNamesOrder3.Probability,
            ContainsName = name => DefaultNamesOrder3.ContainsName(name),
            Tables = () => DefaultNamesOrder3.Tables,
        },
    }.ToDictionary(m => m.Name, StringComparer.Ordinal));

    /// <summary>The small models, enumerated from the empty prefix.</summary>
    public static readonly string[] Small =
    [
        "order 1, additive 1",
        "order 2, additive 0.5 (dense bigram)",
        "order 3, Kneser-Ney (tree)",
        "order 3, additive 0.3 (tree)",
        "order 4, Kneser-Ney (tree)",
    ];

    /// <summary>The generated models, enumerated below a prefix.</summary>
    public static readonly string[] Generated = ["DefaultNames (generated bigram)", "DefaultNamesOrder3 (generated Kneser-Ney tree)"];

    public static ConstraintModel Get(string name) => Models.Value[name];
}
