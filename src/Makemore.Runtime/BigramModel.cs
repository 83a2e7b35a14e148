using System;
using Makemore.Modeling;

namespace Makemore;

/// <summary>
/// A character bigram model built at run time from any names list: the same tables the source generator
/// compiles into <c>NameModel</c>, computed by the same code, and sampled and scored by the same methods.
/// </summary>
public sealed class BigramModel
{
    private readonly string _alphabet;
    private readonly int[] _counts;
    private readonly float[] _probabilities;
    private readonly double[] _logProbabilities;
    private readonly uint[] _aliasTable;
    private readonly byte[] _asciiIndex;

    private BigramModel(string alphabet, int[] counts, float[] probabilities, double[] logProbabilities, uint[] aliasTable, int shortestSampleLength)
    {
        _alphabet = alphabet;
        _counts = counts;
        _probabilities = probabilities;
        _logProbabilities = logProbabilities;
        _aliasTable = aliasTable;
        _asciiIndex = SymbolIndex.BuildAscii(alphabet);
        ShortestSampleLength = shortestSampleLength;
    }

    /// <summary>'.' (the start/end token, index 0) followed by every symbol of the names, sorted ordinally.</summary>
    public ReadOnlySpan<char> Alphabet => _alphabet;

    /// <summary>Number of symbols V, the boundary token included.</summary>
    public int VocabularySize => _alphabet.Length;

    /// <summary>The V×V bigram counts N, row-major (<c>N[previous * V + next]</c>); empty for a model built from probabilities.</summary>
    public ReadOnlySpan<int> Counts => _counts;

    /// <summary>The V×V probabilities P, each row summing to 1.</summary>
    public ReadOnlySpan<float> Probabilities => _probabilities;

    /// <summary>The V×V natural logarithms of P, in double.</summary>
    public ReadOnlySpan<double> LogProbabilities => _logProbabilities;

    /// <summary>The alias table the sampler draws from: V×V cells of two words each (see <see cref="BigramSampler"/>).</summary>
    public ReadOnlySpan<uint> AliasTable => _aliasTable;

    /// <summary>128 entries mapping each ASCII character to its symbol index, or 0xFF.</summary>
    public ReadOnlySpan<byte> AsciiIndex => _asciiIndex;

    /// <summary>The length of the shortest name the model can produce.</summary>
    public int ShortestSampleLength { get; }

    /// <summary>The additive smoothing α the probabilities were computed with (NaN for a model built from probabilities).</summary>
    public double Smoothing { get; private init; } = double.NaN;

    /// <summary>Number of names the model was counted from (0 for a model built from probabilities).</summary>
    public int NameCount { get; private init; }

    /// <summary>Number of bigrams counted (0 for a model built from probabilities).</summary>
    public long BigramCount { get; private init; }

    /// <summary>Length of the shortest training name (0 for a model built from probabilities).</summary>
    public int ShortestName { get; private init; }

    /// <summary>Length of the longest training name (0 for a model built from probabilities).</summary>
    public int LongestName { get; private init; }

    /// <summary>
    /// Counts the bigrams of a names list and normalises them with additive smoothing, exactly as the source
    /// generator does at build time.
    /// </summary>
    /// <param name="text">One name per line (LF, CRLF or CR); surrounding whitespace trimmed, blank lines skipped.</param>
    /// <param name="smoothing">α, added to every count (1 by default, as in the lecture).</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">The text is not a valid names list; the message names the first offending character and its line, column and index.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="smoothing"/> is negative, infinite or NaN.</exception>
    public static BigramModel FromText(string text, double smoothing = 1.0)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!(smoothing >= 0) || double.IsInfinity(smoothing))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "Smoothing must be a finite, non-negative number.");
        }

        BigramModelData? data = BigramModelData.Build(text, smoothing, out NameList names);
        if (data is null)
        {
            throw new ArgumentException(names.Describe(), nameof(text));
        }

        ThrowIfCannotEnd(data.SymbolThatCannotEnd, data.Alphabet, nameof(text));
        return new BigramModel(data.Alphabet, data.Counts, data.Probabilities, data.LogProbabilities, data.AliasTable, data.ShortestSampleLength)
        {
            Smoothing = smoothing,
            NameCount = data.Statistics.NameCount,
            BigramCount = data.Statistics.BigramCount,
            ShortestName = data.Statistics.ShortestName,
            LongestName = data.Statistics.LongestName,
        };
    }

    /// <inheritdoc cref="FromText(string, double)"/>
    public static BigramModel FromText(ReadOnlySpan<char> text, double smoothing = 1.0) => FromText(text.ToString(), smoothing);

    /// <summary>
    /// A model whose probabilities come from elsewhere, such as a trained network's softmax rows; each row is
    /// renormalised in double before the alias table is built.
    /// </summary>
    /// <param name="alphabet">'.' followed by the symbols, sorted ordinally.</param>
    /// <param name="probabilities">V×V non-negative weights, row-major.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">
    /// The alphabet or the table is malformed, or a symbol reachable from the start can never lead to the end.
    /// </exception>
    public static BigramModel FromProbabilities(string alphabet, ReadOnlySpan<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        ValidateAlphabet(alphabet, nameof(alphabet));
        int v = alphabet.Length;
        if (probabilities.Length != v * v)
        {
            throw new ArgumentException($"A {v}-symbol model needs {v * v} probabilities, not {probabilities.Length}.", nameof(probabilities));
        }

        var weights = new double[v * v];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = probabilities[i];
        }

        double[] p = BigramNormalizer.NormalizeRows(weights, v, nameof(probabilities));
        uint[] aliasTable = AliasTableBuilder.Build(p, v);

        // Judged on what the sampler can draw, not on P > 0: a probability the table rounds to zero is never drawn.
        bool[] drawable = AliasTableBuilder.Drawable(aliasTable, v);
        ThrowIfCannotEnd(ChainGraph.FirstSymbolThatCannotEnd(drawable, v), alphabet, nameof(probabilities));
        return new BigramModel(
            alphabet,
            [],
            BigramNormalizer.ToSingle(p),
            BigramNormalizer.Log(p),
            aliasTable,
            ChainGraph.ShortestName(drawable, v));
    }

    /// <summary>How often <paramref name="next"/> follows <paramref name="previous"/> in the training names.</summary>
    /// <param name="previous">A symbol, or '.' for the start.</param>
    /// <param name="next">A symbol, or '.' for the end.</param>
    /// <returns>The count N[previous, next].</returns>
    /// <exception cref="ArgumentException">A character is not in the alphabet.</exception>
    /// <exception cref="InvalidOperationException">The model was built from probabilities and has no counts.</exception>
    public int Count(char previous, char next)
    {
        if (_counts.Length == 0)
        {
            throw new InvalidOperationException("This model was built from probabilities and has no counts.");
        }

        return _counts[Cell(previous, next)];
    }

    /// <summary>The probability that <paramref name="next"/> follows <paramref name="previous"/>.</summary>
    /// <param name="previous">A symbol, or '.' for the start.</param>
    /// <param name="next">A symbol, or '.' for the end.</param>
    /// <returns>P[previous, next].</returns>
    /// <exception cref="ArgumentException">A character is not in the alphabet.</exception>
    public float Probability(char previous, char next) => _probabilities[Cell(previous, next)];

    /// <summary>Draws one name as a string.</summary>
    /// <param name="random">The generator to draw from.</param>
    /// <returns>A name without boundary tokens.</returns>
    public string Sample(Random random) => BigramSampler.Sample(random, _aliasTable, _alphabet);

    /// <inheritdoc cref="BigramSampler.Sample{TRandom}(ref TRandom, ReadOnlySpan{uint}, ReadOnlySpan{char}, int, Span{char})"/>
    public int Sample<TRandom>(ref TRandom random, Span<char> destination)
        where TRandom : struct, IRandomSource =>
        BigramSampler.Sample(ref random, _aliasTable, _alphabet, ShortestSampleLength, destination);

    /// <inheritdoc cref="BigramLikelihood.NegativeLogLikelihood"/>
    public double NegativeLogLikelihood(ReadOnlySpan<char> name) =>
        BigramLikelihood.NegativeLogLikelihood(_logProbabilities, _alphabet, _asciiIndex, name);

    /// <inheritdoc cref="BigramLikelihood.AverageNegativeLogLikelihood"/>
    public double AverageNegativeLogLikelihood(ReadOnlySpan<char> text) =>
        BigramLikelihood.AverageNegativeLogLikelihood(_logProbabilities, _alphabet, _asciiIndex, text);

    private int Cell(char previous, char next) =>
        (SymbolLookup.IndexOfSymbol(_alphabet, _asciiIndex, previous, nameof(previous)) * _alphabet.Length)
        + SymbolLookup.IndexOfSymbol(_alphabet, _asciiIndex, next, nameof(next));

    private static void ThrowIfCannotEnd(int symbol, string alphabet, string parameterName)
    {
        if (symbol >= 0)
        {
            throw new ArgumentException(
                BigramChain.CannotEndMessage(symbol, alphabet) + " (The sampler draws from an alias table that realises each probability to within 2^-24; smaller ones may never be drawn.)",
                parameterName);
        }
    }

    /// <summary>
    /// Checks that an alphabet is '.' followed by 1 to 255 distinct symbols sorted ordinally, each a character a
    /// names list could hold: not a second '.', not a control character, not half of a surrogate pair.
    /// </summary>
    /// <exception cref="ArgumentException">The alphabet is malformed; a bad symbol is named as U+XXXX with its index.</exception>
    internal static void ValidateAlphabet(string alphabet, string parameterName)
    {
        if (alphabet.Length < 2 || alphabet[0] != NameListParser.Boundary || alphabet.Length > NameListParser.MaxSymbols + 1)
        {
            throw new ArgumentException($"An alphabet is '.' followed by 1 to {NameListParser.MaxSymbols} symbols.", parameterName);
        }

        for (int i = 1; i < alphabet.Length; i++)
        {
            char c = alphabet[i];
            string? problem =
                c == NameListParser.Boundary ? "a second '.', the start/end token, which only index 0 may hold"
                : char.IsControl(c) ? "a control character"
                : char.IsSurrogate(c) ? "a lone surrogate (each symbol is one character of the Basic Multilingual Plane)"
                : null;
            if (problem is not null)
            {
                throw new ArgumentException($"The alphabet holds {problem}: U+{(int)c:X4} at index {i}.", parameterName);
            }

            if (i > 1 && c <= alphabet[i - 1])
            {
                throw new ArgumentException($"The symbols after '.' must be distinct and sorted ordinally: U+{(int)c:X4} at index {i} follows U+{(int)alphabet[i - 1]:X4}.", parameterName);
            }
        }
    }
}
