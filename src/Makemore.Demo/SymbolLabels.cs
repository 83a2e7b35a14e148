using System;
using System.Globalization;
using System.Text;

namespace Makemore.Demo;

/// <summary>
/// How the plot writes a model's symbols so that each can be seen and told apart: the start/end token as '.', as in
/// the lecture, unless '.' is a character of the names (then '⏎'); a space as '␣'; other whitespace and invisible
/// characters by their code (U+00A0); a combining mark on a dotted circle ('◌'), which it would otherwise be drawn over.
/// </summary>
internal sealed class SymbolLabels
{
    /// <summary>What stands for the start/end token when '.' is a symbol: the first of these the names do not use.</summary>
    private static readonly string[] BoundaryCandidates = ["⏎", "¶"];

    private const string BoundaryLastResort = "<end>";

    private const string VisibleSpace = "␣";

    private const string DottedCircle = "◌";

    private readonly string _alphabet;

    /// <param name="alphabet">The model's alphabet: the start/end token's stand-in, then the characters of the names.</param>
    public SymbolLabels(string alphabet)
    {
        _alphabet = alphabet;
        Boundary = alphabet[0] == '.' ? "." : Array.Find(BoundaryCandidates, c => !IsSymbol(c[0])) ?? BoundaryLastResort;
        Space = IsSymbol(VisibleSpace[0]) ? Code(' ') : VisibleSpace;
    }

    /// <summary>The label of the start/end token.</summary>
    public string Boundary { get; }

    /// <summary>The label of a space.</summary>
    public string Space { get; }

    /// <summary>What the labels stand for, for a title: the start/end token, and a space when the names have one.</summary>
    public string Legend(bool withSpace) =>
        $"'{Boundary}' marks the start or end of a name" + (withSpace ? $", '{Space}' a space" : string.Empty);

    /// <summary>The same, briefly.</summary>
    public string ShortLegend(bool withSpace) =>
        $"'{Boundary}' = start or end" + (withSpace ? $", '{Space}' = space" : string.Empty);

    /// <summary>The label of one symbol.</summary>
    public string Of(char symbol)
    {
        if (symbol == _alphabet[0])
        {
            return Boundary;
        }

        if (symbol == ' ')
        {
            return Space;
        }

        return CharUnicodeInfo.GetUnicodeCategory(symbol) switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => Code(symbol),
            UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark => DottedCircle + symbol,
            _ => symbol.ToString(),
        };
    }

    /// <summary>The label of a sequence of symbols (a context), each labelled as <see cref="Of(char)"/>.</summary>
    public string Of(string symbols)
    {
        var label = new StringBuilder(symbols.Length);
        foreach (char symbol in symbols)
        {
            label.Append(Of(symbol));
        }

        return label.ToString();
    }

    /// <summary>A character by its code point, as Unicode writes it: U+4E2D.</summary>
    public static string Code(int codePoint) => "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture);

    private bool IsSymbol(char c) => _alphabet.AsSpan(1).Contains(c);
}
