using System.Globalization;
using System;
using Makemore.Modeling.Parsing;

namespace Makemore.Symbols;

/// <summary>
/// The rules every alphabet a caller hands in must follow, the same alphabets a names list produces: at index 0 the
/// stand-in for the start/end token ('.', or U+0000 when '.' is a symbol), then 1 to
/// <see cref="NameListParser.MaxSymbols"/> distinct symbols in ordinal order, none of them the stand-in, a control
/// character or line separator (a line break would split a name), or half of a surrogate pair (not a character on
/// its own, and invalid UTF-16 when sampled alone).
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
                $"An alphabet is the start/end token's stand-in ('.') followed by 1 to {NameListParser.MaxSymbols} symbols; this one has {alphabet.Length} characters.", parameterName);
        }

        char boundary = alphabet[0];
        if (boundary != NameListParser.Boundary && boundary != NameListParser.AlternateBoundary)
        {
            throw Invalid(alphabet, 0, "is neither '.' nor U+0000: index 0 stands for the start/end token", parameterName);
        }

        bool hasPeriod = false;
        for (int i = 1; i < alphabet.Length; i++)
        {
            char symbol = alphabet[i];
            hasPeriod |= symbol == NameListParser.Boundary;
            string? problem = symbol == boundary ? "is the start/end token's stand-in, which belongs at index 0 only"
                : char.IsSurrogate(symbol) ? "is half of a surrogate pair; symbols are characters of the Basic Multilingual Plane"
                : NameListError.IsLineBreakOrControl(symbol) ? "is a control character or a line separator"
                : i >= 2 && symbol == alphabet[i - 1] ? "appears twice"
                : i >= 2 && symbol < alphabet[i - 1] ? $"comes after {Describe(alphabet[i - 1])}; the symbols after index 0 must be sorted ordinally"
                : null;
            if (problem is not null)
            {
                throw Invalid(alphabet, i, problem, parameterName);
            }
        }

        if (boundary == NameListParser.AlternateBoundary && !hasPeriod)
        {
            throw Invalid(alphabet, 0, "stands for the start/end token only when '.' is a symbol; otherwise index 0 is '.'", parameterName);
        }
    }

    private static ArgumentException Invalid(ReadOnlySpan<char> alphabet, int index, string problem, string parameterName) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"Character {Describe(alphabet[index])} at index {index} of the alphabet {problem}."), parameterName);

    /// <summary>'x' (U+0078) for a visible character; U+XXXX alone for one that would print as nothing or break the message.</summary>
    private static string Describe(char symbol) => NameListError.Describe(symbol);
}
