// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
// Keep it free of APIs that netstandard2.0 lacks (spans, Math.Clamp, string.Contains(char), …).
using System.Globalization;

namespace Makemore.Modeling.Parsing;

/// <summary>What is wrong with a names list.</summary>
internal enum NameListErrorKind
{
    /// <summary>The text holds no name at all.</summary>
    NoNames,

    /// <summary>A name contains a control character, or a line or paragraph separator.</summary>
    InvalidCharacter,

    /// <summary>
    /// A name contains a character outside the Basic Multilingual Plane (a surrogate pair) or a lone surrogate. A
    /// symbol is one UTF-16 character, so that an alphabet is a span of characters, <c>Probability(prefix, next)</c>
    /// takes a <see cref="char"/> and a sampled name is written character by character: a model of the two halves
    /// of a pair as separate symbols would draw a half without the other, which is not text. Names in the scripts of
    /// the world's living languages are in the BMP; an emoji or a rare CJK extension character is refused with this
    /// error, which says which character and where.
    /// </summary>
    SurrogateCharacter,


    /// <summary>
    /// The text is not text of names: it holds NUL or U+FFFD characters, or mostly control characters, as a file in
    /// another encoding (UTF-16 without a byte order mark, Latin-1) or a binary file does once decoded as UTF-8.
    /// </summary>
    NotText,
}

/// <summary>One located problem in a names list: the offending character and where it stands.</summary>
internal readonly struct NameListError
{
    public NameListError(NameListErrorKind kind, int offset, int line, int column, int codePoint)
    {
        Kind = kind;
        Offset = offset;
        Line = line;
        Column = column;
        CodePoint = codePoint;
    }

    public NameListErrorKind Kind { get; }

    /// <summary>Zero-based index of the character in the text (0 for <see cref="NameListErrorKind.NoNames"/>).</summary>
    public int Offset { get; }

    /// <summary>One-based line number.</summary>
    public int Line { get; }

    /// <summary>One-based column number, counted in UTF-16 characters.</summary>
    public int Column { get; }

    /// <summary>
    /// The offending code point: a character, a whole surrogate pair (above U+FFFF), or a lone surrogate
    /// (0 for <see cref="NameListErrorKind.NoNames"/>).
    /// </summary>
    public int CodePoint { get; }

    /// <summary>How many UTF-16 characters the offending code point takes in the text: 2 for a surrogate pair.</summary>
    public int Length => CodePoint > char.MaxValue ? 2 : 1;

    /// <summary>The character as a reader sees it: <c>'é' (U+00E9)</c>, or just the code for invisible ones.</summary>
    public static string Describe(char c) => Describe((int)c);

    /// <summary>The code point as a reader sees it: <c>'😀' (U+1F600)</c>, or just the code for invisible ones.</summary>
    public static string Describe(int codePoint)
    {
        string code = "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture);
        if (codePoint > char.MaxValue)
        {
            return "'" + char.ConvertFromUtf32(codePoint) + "' (" + code + ")";
        }

        char c = (char)codePoint;
        return IsInvisible(c) || char.IsSurrogate(c) ? code : "'" + c + "' (" + code + ")";
    }

    /// <summary>
    /// Characters a reader cannot see or tell apart in a message: controls, whitespace, and format characters such as
    /// U+200B (zero width space), U+200F (right-to-left mark) and U+FEFF (zero width no-break space). They are shown
    /// by their code alone.
    /// </summary>
    public static bool IsInvisible(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>
    /// Characters no name holds: control characters (a tab, a NUL, an escape) and the line and paragraph separators
    /// U+2028 and U+2029, which break lines in the editors and languages that read them. Every other character,
    /// a space, a format character such as U+200C (zero width non-joiner, part of Persian spelling) included, is a symbol.
    /// </summary>
    public static bool IsLineBreakOrControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    /// <summary>A sentence that names the character and its position.</summary>
    public string Message => Kind switch
    {
        NameListErrorKind.NoNames => "the names list contains no names (every line is empty or whitespace)",
        NameListErrorKind.InvalidCharacter => Format(
            "control character or line separator {3} at line {0}, column {1} (index {2}) cannot appear inside a name"),
        NameListErrorKind.SurrogateCharacter when CodePoint > char.MaxValue => Format(
            "character {3} at line {0}, column {1} (index {2}) is outside the Basic Multilingual Plane; a symbol is one UTF-16 character, so such characters (emoji, rare CJK extensions) are not supported: replace or remove it"),
        NameListErrorKind.SurrogateCharacter => Format(
            "character {3} at line {0}, column {1} (index {2}) is half of a surrogate pair without its other half, which is not text"),
        NameListErrorKind.NotText when CodePoint == 0 => Format(
            "character U+0000 (NUL) at line {0}, column {1} (index {2}) shows that this is not UTF-8 text: a file saved as UTF-16 or UTF-32 without a byte order mark reads like this; save the names list as UTF-8"),
        NameListErrorKind.NotText when CodePoint == 0xFFFD => Format(
            "character U+FFFD (the replacement character) at line {0}, column {1} (index {2}) stands for bytes that are not valid UTF-8: the file is in another encoding (such as Latin-1) or is not text; save the names list as UTF-8"),
        NameListErrorKind.NotText => Format(
            "control character {3} at line {0}, column {1} (index {2}) is one of many: this is not a text file of names; a names list is UTF-8 text with one name per line"),
        _ => Kind.ToString(),
    };

    private string Format(string format) => string.Format(
        CultureInfo.InvariantCulture, format, Line, Column, Offset, Describe(CodePoint), NameListParser.MaxSymbols + 1, NameListParser.MaxSymbols);
}
