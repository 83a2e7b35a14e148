using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System;
using Makemore.Modeling.Parsing;
using Makemore.Symbols;

namespace Makemore.Bigram;

/// <summary>
/// Negative log-likelihood of names under a bigram model, the lecture's loss: each name is wrapped in '.'
/// and every one of its bigrams, the start and the end included, contributes −log P[previous, next].
/// Sums are kept in double. Nothing is allocated.
/// </summary>
internal static class BigramLikelihood
{
    /// <summary>The total NLL of one name: its length + 1 bigrams.</summary>
    /// <param name="logProbabilities">The model's V×V natural-log probabilities.</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <param name="asciiIndex">The model's ASCII index table.</param>
    /// <param name="name">The name, without boundary tokens.</param>
    /// <returns>−Σ log P over the name's bigrams (+∞ when one has probability 0).</returns>
    /// <exception cref="ArgumentException">A character of the name is not a symbol of the model; the message names it and its index.</exception>
    public static double NegativeLogLikelihood(
        ReadOnlySpan<double> logProbabilities, ReadOnlySpan<char> alphabet, ReadOnlySpan<byte> asciiIndex, ReadOnlySpan<char> name)
    {
        CheckTables(logProbabilities, alphabet, asciiIndex);
        return SumName(logProbabilities, alphabet, asciiIndex, name, 0, alphabet.Length, nameof(name));
    }

    /// <summary>
    /// The average NLL per bigram over newline-separated text (LF, CRLF or CR; a leading byte order mark ignored,
    /// names trimmed, blank lines skipped): the lecture's <c>loss</c>.
    /// </summary>
    /// <param name="logProbabilities">The model's V×V natural-log probabilities.</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <param name="asciiIndex">The model's ASCII index table.</param>
    /// <param name="text">Names, one per line.</param>
    /// <returns>Total NLL divided by the number of bigrams.</returns>
    /// <exception cref="ArgumentException">The text holds no name, or a character that is not a symbol of the model; the message names it and its index in <paramref name="text"/>.</exception>
    public static double AverageNegativeLogLikelihood(
        ReadOnlySpan<double> logProbabilities, ReadOnlySpan<char> alphabet, ReadOnlySpan<byte> asciiIndex, ReadOnlySpan<char> text)
    {
        CheckTables(logProbabilities, alphabet, asciiIndex);

        if (TryAveragePlainText(logProbabilities, alphabet.Length, asciiIndex, NameLines.WithoutByteOrderMark(text), out double average))
        {
            return average;
        }

        int v = alphabet.Length;
        double total = 0;
        long bigrams = 0;
        var names = new NameLines(text);
        while (names.MoveNext())
        {
            total += SumName(logProbabilities, alphabet, asciiIndex, names.Current, names.Offset, v, nameof(text));
            bigrams += names.Current.Length + 1;
        }

        if (bigrams == 0)
        {
            throw NameLines.NoNames(nameof(text));
        }

        return total / bigrams;
    }

    /// <summary>
    /// The usual text in one branch-light pass: names of ASCII symbols, one per line, LF or CR line ends. Each
    /// line end is the end token of the name before it (a blank line adds nothing), so the text is one stream of
    /// bigrams with no per-line work. Returns false, having computed nothing useful, at the first character
    /// that needs the general path (whitespace, which may need trimming, a character outside the alphabet, '.', non-ASCII).
    /// </summary>
    /// <remarks>
    /// Sums per 256-character block instead of per name: the same terms, grouped differently, so the result may
    /// differ from the general path's in the last bits only.
    /// </remarks>
    private static bool TryAveragePlainText(ReadOnlySpan<double> logProbabilities, int v, ReadOnlySpan<byte> asciiIndex, ReadOnlySpan<char> text, out double average)
    {
        const byte NotPlain = 0xFF;
        Span<byte> map = stackalloc byte[SymbolIndex.AsciiLength];
        for (int c = 0; c < map.Length; c++)
        {
            byte index = asciiIndex[c];

            // Whitespace may be a symbol (a space inside "Mr. Mime") yet is trimmed at a line's ends, which this
            // pass cannot see coming, so a text with any goes the general way.
            map[c] = index >= 1 && index < v && !char.IsWhiteSpace((char)c) ? index : NotPlain;
        }

        map['\n'] = 0;
        map['\r'] = 0;
        ref double logP = ref MemoryMarshal.GetReference(logProbabilities);
        ref byte map0 = ref MemoryMarshal.GetReference(map);
        double sum = 0;
        long bigrams = 0;
        int previous = 0;
        const int Block = 256;
        for (int start = 0; start < text.Length; start += Block)
        {
            // A partial sum per block keeps the rounding error near that of summing name by name.
            double partial = 0;
            foreach (char c in text.Slice(start, Math.Min(Block, text.Length - start)))
            {
                if (c >= SymbolIndex.AsciiLength)
                {
                    average = 0;
                    return false;
                }

                int next = Unsafe.Add(ref map0, c);
                if (next == NotPlain)
                {
                    average = 0;
                    return false;
                }

                if ((previous | next) != 0) // '.' → '.' is a blank line (or the '\n' of a CRLF), not a bigram
                {
                    partial -= Unsafe.Add(ref logP, (previous * v) + next); // previous, next < V; the table is V×V
                    bigrams++;
                }

                previous = next;
            }

            sum += partial;
        }

        if (previous != 0)
        {
            sum -= Unsafe.Add(ref logP, previous * v); // the last name has no line end
            bigrams++;
        }

        if (bigrams == 0)
        {
            average = 0;
            return false; // no names: the general path says so
        }

        average = sum / bigrams;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SumName(
        ReadOnlySpan<double> logProbabilities, ReadOnlySpan<char> alphabet, ReadOnlySpan<byte> asciiIndex, ReadOnlySpan<char> name, int offset, int v, string parameterName)
    {
        ref double logP = ref MemoryMarshal.GetReference(logProbabilities);
        double sum = 0;
        int previous = 0;
        for (int i = 0; i < name.Length; i++)
        {
            int next = SymbolLookup.IndexOf(alphabet, asciiIndex, name[i]);
            if (next <= 0)
            {
                SymbolLookup.ThrowNotASymbol(name[i], offset + i, alphabet, parameterName);
            }

            // previous, next < V and the table holds V×V entries (checked once per call).
            sum -= Unsafe.Add(ref logP, (previous * v) + next);
            previous = next;
        }

        return sum - Unsafe.Add(ref logP, previous * v);
    }

    private static void CheckTables(ReadOnlySpan<double> logProbabilities, ReadOnlySpan<char> alphabet, ReadOnlySpan<byte> asciiIndex)
    {
        if (alphabet.IsEmpty || (alphabet[0] != NameListParser.Boundary && alphabet[0] != NameListParser.AlternateBoundary))
        {
            throw new ArgumentException("The alphabet must start with the start/end token's stand-in.", nameof(alphabet));
        }

        if (logProbabilities.Length != alphabet.Length * alphabet.Length)
        {
            throw new ArgumentException($"The table holds {logProbabilities.Length} entries; a {alphabet.Length}-symbol model needs {alphabet.Length * alphabet.Length}.", nameof(logProbabilities));
        }

        if (asciiIndex.Length != SymbolIndex.AsciiLength)
        {
            throw new ArgumentException($"The ASCII index table must have {SymbolIndex.AsciiLength} entries.", nameof(asciiIndex));
        }
    }

}
