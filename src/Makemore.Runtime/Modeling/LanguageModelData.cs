// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling;

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
        Bigram = bigram;
        NGram = nGram;
        Alphabet = names.Alphabet;
        NameCount = names.Count;
        int shortest = int.MaxValue;
        int longest = 0;
        long tokens = 0;
        foreach (int length in names.NameLengths)
        {
            shortest = length < shortest ? length : shortest;
            longest = length > longest ? length : longest;
            tokens += length + 1;
        }

        ShortestName = shortest;
        LongestName = longest;
        TokenCount = tokens;
    }

    public ModelSettings Settings { get; }

    /// <summary>'.' then the sorted symbols.</summary>
    public string Alphabet { get; }

    /// <summary>The lecture's tables, for an order-2 additive model; null otherwise.</summary>
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

    /// <summary>Parses and builds; <c>null</c> with the errors in <paramref name="names"/> when the text is not a valid list.</summary>
    public static LanguageModelData? Build(string text, ModelSettings settings, out NameList names)
    {
        names = NameListParser.Parse(text);
        if (!names.IsValid)
        {
            return null;
        }

        if (settings.IsDenseBigram)
        {
            return new LanguageModelData(settings, names, new BigramModelData(BigramCounts.Count(names), settings.AdditiveSmoothing), null);
        }

        NGramModel model;
        if (settings.Smoothing == NGramSmoothingKind.KneserNey)
        {
            KneserNeyParameters parameters = KneserNeyTuner.Tune(names, settings.Order, out NGramCounts counts);
            model = NGramModel.KneserNey(counts, parameters);
        }
        else
        {
            model = NGramModel.Additive(NGramCounts.Count(names, settings.Order), settings.AdditiveSmoothing);
        }

        return new LanguageModelData(settings, names, null, NGramTableBuilder.Build(model));
    }
}
