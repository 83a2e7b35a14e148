// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;

namespace Makemore.Modeling.Planning;

/// <summary>
/// A names list turned into a model's tables by the one code path that build time and run time share: parsed,
/// counted, smoothed (and, for Kneser–Ney, tuned) and laid out for the sampler, as the lecture's dense bigram
/// tables or as an interpolated context tree.
/// </summary>
internal sealed class LanguageModelData
{
    private LanguageModelData(ModelSettings settings, NameList names, BigramModelData? bigram, NGramTables? nGram)
    {
        Settings = settings;
        Names = names;
        Bigram = bigram;
        NGram = nGram;
        Alphabet = names.Alphabet;
        NameCount = names.Count;
        ShortestName = names.ShortestName;
        LongestName = names.LongestName;
        TokenCount = names.TokenCount;
    }

    public ModelSettings Settings { get; }

    /// <summary>The parsed list.</summary>
    public NameList Names { get; }

    /// <summary>'.' then the sorted symbols.</summary>
    public string Alphabet { get; }

    /// <summary>The lecture's tables, for an order-2 additive model of up to <see cref="BigramModelData.MaxSymbols"/> symbols; null otherwise.</summary>
    public BigramModelData? Bigram { get; }

    /// <summary>The context tree, for every other model; null for the dense bigram.</summary>
    public NGramTables? NGram { get; }

    public int NameCount { get; }

    /// <summary>Symbols scored when the list itself is scored: each name's length + 1 (its end).</summary>
    public long TokenCount { get; }

    public int ShortestName { get; }

    public int LongestName { get; }

    /// <summary>The shortest name the sampler can produce.</summary>
    public int ShortestSampleLength => Bigram?.ShortestSampleLength ?? NGram!.ShortestName;

    /// <summary>Parses, plans (tunes) and builds; <c>null</c> with the errors in <paramref name="names"/> when the text is not a valid list.</summary>
    /// <exception cref="ModelTooLargeException">No pruning brings the model within <paramref name="maxTableBytes"/>.</exception>
    public static LanguageModelData? Build(string text, ModelSettings settings, long maxTableBytes, out NameList names)
    {
        names = NameListParser.Parse(text);
        if (!names.IsValid)
        {
            return null;
        }

        ModelPlan plan = ModelPlan.Make(names, settings, maxTableBytes, out NGramCounts? counts);
        return Build(names, plan, counts);
    }

    /// <summary>Lays out the tables of a valid list under a plan made for it (and its counts when the plan made them).</summary>
    public static LanguageModelData Build(NameList names, ModelPlan plan, NGramCounts? counts = null)
    {
        ModelSettings settings = plan.Settings;
        if (settings.IsDenseBigram && names.Alphabet.Length <= BigramModelData.MaxSymbols)
        {
            return new LanguageModelData(settings, names, new BigramModelData(BigramCounts.Count(names), settings.AdditiveSmoothing), null);
        }

        counts ??= NGramCounts.Count(names, settings.Order);
        if (plan.MinimumCounts is { } minimum)
        {
            counts = counts.Prune(minimum);
        }

        NGramModel model = plan.IsBigramFallback ? NGramModel.Additive(counts, 1, level: 1)
            : settings.Smoothing == NGramSmoothingKind.KneserNey ? NGramModel.KneserNey(counts, plan.Parameters!)
            : NGramModel.Additive(counts, settings.AdditiveSmoothing);
        if (settings.Order == 1 && HasWhitespace(names.Alphabet))
        {
            // A unigram cannot tell the start of a name from its middle: its contexts of one symbol are added, each
            // passing the unigram through but for the structural zeros, so that no name begins or ends in whitespace.
            model = NGramModel.WithOneSymbolContexts(model, NGramCounts.Count(names, 2));
        }

        return new LanguageModelData(settings, names, null, NGramTableBuilder.Build(model));
    }

    /// <summary>Whether any symbol of the alphabet (after the start/end token's stand-in) is whitespace.</summary>
    public static bool HasWhitespace(string alphabet)
    {
        for (int i = 1; i < alphabet.Length; i++)
        {
            if (char.IsWhiteSpace(alphabet[i]))
            {
                return true;
            }
        }

        return false;
    }
}
