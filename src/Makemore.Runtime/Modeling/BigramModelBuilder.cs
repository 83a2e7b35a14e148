// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling;

/// <summary>Every table of a count model, computed once by the code that both build time and run time use.</summary>
internal sealed class BigramModelData
{
    public BigramModelData(BigramCounts counts, double smoothing)
    {
        Statistics = counts;
        Smoothing = smoothing;
        double[] p = BigramNormalizer.Probabilities(counts.Counts, counts.VocabularySize, smoothing);
        Probabilities = BigramNormalizer.ToSingle(p);
        LogProbabilities = BigramNormalizer.Log(p);
        AliasTable = AliasTableBuilder.Build(p, counts.VocabularySize);
        bool[] drawable = AliasTableBuilder.Drawable(AliasTable, counts.VocabularySize);
        ShortestSampleLength = ChainGraph.ShortestName(drawable, counts.VocabularySize);
        SymbolThatCannotEnd = ChainGraph.FirstSymbolThatCannotEnd(drawable, counts.VocabularySize);
    }

    public BigramCounts Statistics { get; }

    public double Smoothing { get; }

    public string Alphabet => Statistics.Alphabet;

    public int VocabularySize => Statistics.VocabularySize;

    public int[] Counts => Statistics.Counts;

    public float[] Probabilities { get; }

    public double[] LogProbabilities { get; }

    public uint[] AliasTable { get; }

    /// <summary>The shortest name the alias table can draw; −1 when none can end.</summary>
    public int ShortestSampleLength { get; }

    /// <summary>A symbol the alias table can reach but never leave for the end (names through it never end), or −1.</summary>
    public int SymbolThatCannotEnd { get; }

    /// <summary>Parses, counts and normalises; <c>null</c> data with the errors when the text is not a valid list.</summary>
    public static BigramModelData? Build(string text, double smoothing, out NameList names)
    {
        names = NameListParser.Parse(text);
        return names.IsValid ? new BigramModelData(BigramCounts.Count(names), smoothing) : null;
    }
}
