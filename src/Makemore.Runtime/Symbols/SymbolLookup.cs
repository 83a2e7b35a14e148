using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling.Parsing;

namespace Makemore.Symbols;

/// <summary>Maps characters to a model's symbol indices: an ASCII table first, a binary search for the rest.</summary>
internal static class SymbolLookup
{
    /// <summary>The value in an ASCII index table for a character outside the alphabet.</summary>
    public const byte Unknown = SymbolIndex.Unknown;

    /// <summary>The symbol index of <paramref name="c"/>, or −1 when the alphabet does not hold it.</summary>
    /// <param name="alphabet">The model's alphabet (the end's stand-in first, then sorted ordinally).</param>
    /// <param name="asciiIndex">The model's 128-entry ASCII index table.</param>
    /// <param name="c">The character.</param>
    /// <returns>0 for the end's stand-in, 1..V−1 for the other symbols, −1 when unknown.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(ReadOnlySpan<char> alphabet, ReadOnlySpan<byte> asciiIndex, char c)
    {
        if (c < SymbolIndex.AsciiLength)
        {
            byte index = asciiIndex[c];
            return index == Unknown ? -1 : index;
        }

        return IndexOfNonAscii(alphabet, c);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int IndexOfNonAscii(ReadOnlySpan<char> alphabet, char c)
    {
        int found = alphabet[1..].BinarySearch(c);
        return found < 0 ? -1 : found + 1;
    }

    /// <summary>The index of a symbol character, or the end's stand-in, given to a table accessor such as <c>Count('.', 'a')</c>.</summary>
    /// <param name="alphabet">The model's alphabet.</param>
    /// <param name="asciiIndex">The model's ASCII index table.</param>
    /// <param name="c">The character, the end's stand-in for start or end.</param>
    /// <param name="parameterName">The argument's name for the exception.</param>
    /// <returns>The symbol index.</returns>
    /// <exception cref="ArgumentException"><paramref name="c"/> is not in the alphabet.</exception>
    public static int IndexOfSymbol(ReadOnlySpan<char> alphabet, ReadOnlySpan<byte> asciiIndex, char c, string parameterName)
    {
        int index = IndexOf(alphabet, asciiIndex, c);
        if (index < 0)
        {
            throw new ArgumentException($"Character {NameListError.Describe(c)} is not a symbol of the model: neither {NameListError.Describe(alphabet[0])}, which stands for the start/end token, nor a character of the names ({Characters(alphabet)}).", parameterName);
        }

        return index;
    }

    /// <summary>Throws for a character of a prefix (the name so far) that is the end's stand-in or not a symbol.</summary>
    /// <param name="c">The offending character.</param>
    /// <param name="prefix">The prefix, for the message.</param>
    /// <param name="alphabet">The model's alphabet.</param>
    /// <exception cref="ArgumentException">Always.</exception>
    internal static void ThrowNotInPrefix(char c, ReadOnlySpan<char> prefix, ReadOnlySpan<char> alphabet) =>
        throw new ArgumentException(
            c == alphabet[0]
                ? $"A prefix is the name so far, without the start/end token {NameListError.Describe(c)}: \"{prefix.ToString()}\" holds one at index {prefix.IndexOf(c)}."
                : $"Character {NameListError.Describe(c)} at index {prefix.IndexOf(c)} of the prefix is not a character of the names ({Characters(alphabet)}).",
            nameof(prefix));

    /// <summary>Throws for a character of a name being scored that is the end's stand-in or not a symbol of the model.</summary>
    /// <param name="c">The offending character.</param>
    /// <param name="index">Its index in the text the caller was given.</param>
    /// <param name="alphabet">The model's alphabet.</param>
    /// <param name="parameterName">The argument's name for the exception.</param>
    /// <exception cref="ArgumentException">Always.</exception>
    internal static void ThrowNotASymbol(char c, int index, ReadOnlySpan<char> alphabet, string parameterName) =>
        throw new ArgumentException(
            c == alphabet[0]
                ? $"Character {NameListError.Describe(c)} at index {index} stands for the start/end token and cannot appear inside a name."
                : $"Character {NameListError.Describe(c)} at index {index} is not a character of the names ({Characters(alphabet)}).",
            parameterName);

    /// <summary>
    /// The characters of the names, quoted, for a message: the alphabet without the start/end token's stand-in (which is
    /// U+0000 when the names use '.'), and of a large alphabet its first hundred and how many there are.
    /// </summary>
    /// <param name="alphabet">The model's alphabet.</param>
    /// <returns>For example <c>"abc"</c>, or <c>"一丁七…" (895 in all)</c>.</returns>
    internal static string Characters(ReadOnlySpan<char> alphabet)
    {
        const int Shown = 100;
        ReadOnlySpan<char> characters = alphabet[1..];
        return characters.Length <= Shown
            ? $"\"{characters.ToString()}\""
            : $"\"{characters[..Shown].ToString()}…\" ({characters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} in all)";
    }
}
