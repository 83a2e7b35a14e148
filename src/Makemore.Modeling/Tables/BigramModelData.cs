// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using Makemore.Modeling.Counting;
using Makemore.Modeling.Smoothing;

namespace Makemore.Modeling.Tables;

/// <summary>Every table of the lecture's dense bigram model, computed once by the code that both build time and run time use.</summary>
internal sealed class BigramModelData
{
    /// <summary>
    /// Counts smoothed additively: P = (N + α) / row sum, but for the cells no trimmed name can reach, which are 0
    /// and their rows renormalised: whitespace right after the start, and the end right after whitespace.
    /// </summary>
    public BigramModelData(BigramCounts counts, double smoothing)
        : this(counts.Alphabet, counts.Counts, BigramNormalizer.WithStructuralZeros(BigramNormalizer.Probabilities(counts.Counts, counts.VocabularySize, smoothing), counts.Alphabet))
    {
    }

    /// <summary>Bytes of a dense model's tables: V×V counts, probabilities (float), log-probabilities (double) and alias cells (two words).</summary>
    public static long Bytes(int vocabularySize) => (long)vocabularySize * vocabularySize * (4 + 4 + 8 + (4 * AliasTableBuilder.WordsPerCell));

    /// <summary>The most symbols of a dense model (the start/end token included): the alias table's 8-bit aliases; larger alphabets get the context tree.</summary>
    public const int MaxSymbols = 256;

    /// <summary>Tables for row-normalised probabilities <paramref name="p"/> (V×V), and the counts they came from (or none).</summary>
    public BigramModelData(string alphabet, int[] counts, double[] p)
    {
        int v = alphabet.Length;
        Alphabet = alphabet;
        Counts = counts;
        Probabilities = BigramNormalizer.ToSingle(p);
        LogProbabilities = BigramNormalizer.Log(p);
        AliasTable = AliasTableBuilder.Build(p, v);

        // Judged on what the sampler can draw, not on P > 0: a probability the table rounds to zero is never drawn.
        bool[] drawable = AliasTableBuilder.Drawable(AliasTable, v);
        ShortestSampleLength = ChainGraph.ShortestName(drawable, v);
        SymbolThatCannotEnd = ChainGraph.FirstSymbolThatCannotEnd(drawable, v);
    }

    public string Alphabet { get; }

    public int VocabularySize => Alphabet.Length;

    /// <summary>The V×V counts N; empty for a model built from probabilities.</summary>
    public int[] Counts { get; }

    public float[] Probabilities { get; }

    public double[] LogProbabilities { get; }

    /// <summary>The sampler's table: V×V cells of two words (see AliasTableBuilder).</summary>
    public uint[] AliasTable { get; }

    /// <summary>The shortest name the alias table can draw; −1 when none can end.</summary>
    public int ShortestSampleLength { get; }

    /// <summary>A symbol the alias table can reach but never leave for the end (names through it never end), or −1.</summary>
    public int SymbolThatCannotEnd { get; }
}
