// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
// Keep it free of APIs that netstandard2.0 lacks (spans, Math.Clamp, string.Contains(char), …).
using System.Globalization;

namespace Makemore.Modeling;

/// <summary>What is wrong with a names list.</summary>
internal enum NameListErrorKind
{
    /// <summary>The text holds no name at all.</summary>
    NoNames,

    /// <summary>A name contains the boundary token '.'.</summary>
    BoundaryTokenInName,

    /// <summary>A name contains a control or whitespace character.</summary>
    InvalidCharacter,

    /// <summary>A name contains half of a surrogate pair (characters outside the BMP are not symbols).</summary>
    SurrogateCharacter,

    /// <summary>The names use more distinct symbols than a model can index.</summary>
    TooManySymbols,
}

/// <summary>One located problem in a names list: the offending character and where it stands.</summary>
internal readonly struct NameListError
{
    public NameListError(NameListErrorKind kind, int offset, int line, int column, char character)
    {
        Kind = kind;
        Offset = offset;
        Line = line;
        Column = column;
        Character = character;
    }

    public NameListErrorKind Kind { get; }

    /// <summary>Zero-based index of the character in the text (0 for <see cref="NameListErrorKind.NoNames"/>).</summary>
    public int Offset { get; }

    /// <summary>One-based line number.</summary>
    public int Line { get; }

    /// <summary>One-based column number.</summary>
    public int Column { get; }

    /// <summary>The offending character ('\0' for <see cref="NameListErrorKind.NoNames"/>).</summary>
    public char Character { get; }

    /// <summary>The character as a reader sees it: <c>'é' (U+00E9)</c>, or just the code for invisible ones.</summary>
    public static string Describe(char c)
    {
        string code = "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        return char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? code : "'" + c + "' (" + code + ")";
    }

    /// <summary>A sentence that names the character and its position.</summary>
    public string Message => Kind switch
    {
        NameListErrorKind.NoNames => "the names list contains no names (every line is empty or whitespace)",
        NameListErrorKind.BoundaryTokenInName => string.Format(CultureInfo.InvariantCulture,
            "character '.' at line {0}, column {1} (index {2}) is the start/end token and cannot appear inside a name", Line, Column, Offset),
        NameListErrorKind.InvalidCharacter => string.Format(CultureInfo.InvariantCulture,
            "control or whitespace character {0} at line {1}, column {2} (index {3}) cannot appear inside a name", Describe(Character), Line, Column, Offset),
        NameListErrorKind.SurrogateCharacter => string.Format(CultureInfo.InvariantCulture,
            "character {0} at line {1}, column {2} (index {3}) is half of a surrogate pair; characters outside the Basic Multilingual Plane are not supported", Describe(Character), Line, Column, Offset),
        NameListErrorKind.TooManySymbols => string.Format(CultureInfo.InvariantCulture,
            "character {0} at line {1}, column {2} (index {3}) is distinct symbol number {4}; a model holds at most {5} symbols besides '.'",
            Describe(Character), Line, Column, Offset, NameListParser.MaxSymbols + 1, NameListParser.MaxSymbols),
        _ => Kind.ToString(),
    };
}
