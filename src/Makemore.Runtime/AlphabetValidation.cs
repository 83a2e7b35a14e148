using System;
using System.Globalization;
using Makemore.Modeling;

namespace Makemore;

/// <summary>
/// The rules every alphabet a caller hands in must follow, the same symbols a names list can produce: '.' (the
/// start/end token) at index 0, then 1 to <see cref="NameListParser.MaxSymbols"/> distinct symbols in ordinal
/// order, none of them '.', a control, format or whitespace character (invisible, and a line break would split a
/// name), or half of a surrogate pair (not a character on its own, and invalid UTF-16 when sampled alone).
/// </summary>
internal static class AlphabetValidation
{
    /// <summary>Throws unless <paramref name="alphabet"/> follows the rules; the message names the first offending character (as U+XXXX) and its index.</summary>
    /// <param name="alphabet">The alphabet.</param>
    /// <param name="parameterName">The argument's name for the exception.</param>
    /// <exception cref="ArgumentException">The alphabet breaks a rule.</exception>
    public static void ThrowIfInvalid(ReadOnlySpan<char> alphabet, string parameterName)
    {
        if (alphabet.Length < 2 || alphabet.Length > NameListParser.MaxSymbols + 1)
        {
            throw new ArgumentException(
                $"An alphabet is '.' followed by 1 to {NameListParser.MaxSymbols} symbols; this one has {alphabet.Length} characters.", parameterName);
        }

        if (alphabet[0] != NameListParser.Boundary)
        {
            throw Invalid(alphabet, 0, "is not '.': index 0 must be the start/end token '.'", parameterName);
        }

        for (int i = 1; i < alphabet.Length; i++)
        {
            char symbol = alphabet[i];
            string? problem = symbol == NameListParser.Boundary ? "is the start/end token, which belongs at index 0 only"
                : char.IsSurrogate(symbol) ? "is half of a surrogate pair; symbols are characters of the Basic Multilingual Plane"
                : IsInvisible(symbol) ? "is a control, format or whitespace character"
                : i >= 2 && symbol == alphabet[i - 1] ? "appears twice"
                : i >= 2 && symbol < alphabet[i - 1] ? $"comes after {NameListError.Describe(alphabet[i - 1])}; the symbols after '.' must be sorted ordinally"
                : null;
            if (problem is not null)
            {
                throw Invalid(alphabet, i, problem, parameterName);
            }
        }
    }

    private static bool IsInvisible(char symbol) =>
        char.IsWhiteSpace(symbol) || char.GetUnicodeCategory(symbol) is
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static ArgumentException Invalid(ReadOnlySpan<char> alphabet, int index, string problem, string parameterName) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"Character {Describe(alphabet[index])} at index {index} of the alphabet {problem}."), parameterName);

    /// <summary>'x' (U+0078) for a visible character; U+XXXX alone for one that would print as nothing or break the message.</summary>
    private static string Describe(char symbol) =>
        char.IsSurrogate(symbol) || IsInvisible(symbol)
            ? "U+" + ((int)symbol).ToString("X4", CultureInfo.InvariantCulture)
            : NameListError.Describe(symbol);
}
