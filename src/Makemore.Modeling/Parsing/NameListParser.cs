// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Makemore.Modeling.Parsing;

/// <summary>
/// Reads a names list: one name per line (LF, CRLF or CR), a leading byte order mark ignored, surrounding
/// whitespace trimmed, blank lines skipped, duplicates kept. Every other character of a name is a symbol — spaces,
/// '.', digits and punctuation included — except a control character or a line or paragraph separator (which no
/// name holds: they are line breaks and invisible formatting of another file format) and a character outside the
/// Basic Multilingual Plane (see <see cref="NameListErrorKind.SurrogateCharacter"/>).
/// </summary>
internal static class NameListParser
{
    /// <summary>
    /// The character that stands for the start/end token (symbol 0, which is not a character of any name) in an
    /// alphabet: '.', as in the lecture, unless '.' is one of the list's own characters.
    /// </summary>
    public const char Boundary = '.';

    /// <summary>The stand-in for the start/end token in the alphabet of a list whose names contain '.': U+0000, which no name can contain.</summary>
    public const char AlternateBoundary = '\0';

    /// <summary>
    /// Most distinct symbols besides the start/end token, so that a symbol index (the start/end token included) fits
    /// in 16 bits. No list reaches it: the characters a name may hold — the Basic Multilingual Plane without its
    /// surrogates, control characters and line separators — number about 63,400, so the parser need not check it.
    /// </summary>
    public const int MaxSymbols = ushort.MaxValue;

    /// <summary>
    /// Most errors kept per text; the rest are only counted. A file in the wrong format has an error on every line,
    /// and a build that prints hundreds of thousands of them stalls for minutes, as compilers learnt long ago.
    /// </summary>
    public const int MaxErrors = 100;

    /// <summary>The byte order mark, ignored at the start of the text (the compiler keeps it when it decodes a file).</summary>
    public const char ByteOrderMark = '\uFEFF';

    /// <summary>
    /// Control characters (other than whitespace) beyond this count, making up more than 1/<see cref="ControlShare"/> of
    /// the text, mark a binary file: reported once as not text rather than as one error per character.
    /// </summary>
    private const int ControlThreshold = 16;

    private const int ControlShare = 16;

    [MethodImpl(RunOnce.Optimized)]
    public static NameList Parse(string text)
    {
        var starts = new List<int>();
        var lengths = new List<int>();
        var errors = new List<NameListError>();
        int errorCount = 0;
        var seen = new bool[char.MaxValue + 1];
        var symbols = new List<char>();

        int position = text.Length > 0 && text[0] == ByteOrderMark ? 1 : 0;
        if (FindNotText(text, position) is { } notText)
        {
            errors.Add(notText);
            return new NameList(text, starts, lengths, Boundary.ToString(), errors, errorCount: 1);
        }

        int line = 1;
        while (position <= text.Length)
        {
            int lineStart = position;
            int lineEnd = position;
            while (lineEnd < text.Length && text[lineEnd] != '\n' && text[lineEnd] != '\r')
            {
                lineEnd++;
            }

            int start = lineStart;
            int end = lineEnd;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                bool valid = true;
                for (int i = start; i < end; i++)
                {
                    char c = text[i];
                    int codePoint = c;
                    NameListErrorKind? problem = null;
                    if (char.IsSurrogate(c))
                    {
                        // A whole pair is one character, so one error, naming its code point.
                        if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(text[i + 1]))
                        {
                            codePoint = char.ConvertToUtf32(c, text[i + 1]);
                        }

                        problem = NameListErrorKind.SurrogateCharacter;
                    }
                    else if (NameListError.IsLineBreakOrControl(c))
                    {
                        problem = NameListErrorKind.InvalidCharacter;
                    }

                    if (problem is { } kind)
                    {
                        if (errorCount++ < MaxErrors)
                        {
                            errors.Add(new NameListError(kind, i, line, i - lineStart + 1, codePoint));
                        }

                        valid = false;
                        i += codePoint > char.MaxValue ? 1 : 0;
                        continue;
                    }

                    if (!seen[c])
                    {
                        seen[c] = true;
                        symbols.Add(c);
                    }
                }

                if (valid)
                {
                    starts.Add(start);
                    lengths.Add(end - start);
                }
            }

            if (lineEnd >= text.Length)
            {
                break;
            }

            position = text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? lineEnd + 2 : lineEnd + 1;
            line++;
        }

        if (starts.Count == 0 && errorCount == 0)
        {
            errors.Add(new NameListError(NameListErrorKind.NoNames, 0, 1, 1, 0));
            errorCount = 1;
        }

        symbols.Sort((a, b) => a.CompareTo(b));
        var alphabet = new char[symbols.Count + 1];
        alphabet[0] = seen[Boundary] ? AlternateBoundary : Boundary;
        symbols.CopyTo(alphabet, 1);
        return new NameList(text, starts, lengths, new string(alphabet), errors, errorCount);
    }

    /// <summary>The stand-in for the start/end token of an alphabet whose symbols (after index 0) are <paramref name="symbols"/>.</summary>
    public static char BoundaryFor(string symbols)
    {
        foreach (char c in symbols)
        {
            if (c == Boundary)
            {
                return AlternateBoundary;
            }
        }

        return Boundary;
    }

    /// <summary>
    /// The first sign that the text is not text of names at all, or null. The compiler decodes a file as UTF-8 and
    /// falls back to the system's code page (UTF-8 with replacement on Linux and macOS), so UTF-16 without a byte
    /// order mark arrives with a NUL after every ASCII letter, and bytes that are not UTF-8 arrive as U+FFFD (or, on
    /// Windows, as Latin-1 letters that are indistinguishable from text). One error says so, instead of one per
    /// character.
    /// </summary>
    private static NameListError? FindNotText(string text, int start)
    {
        int firstControl = -1;
        int controls = 0;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\0' || c == '\uFFFD')
            {
                return At(text, start, i, c);
            }

            if (char.IsControl(c) && !char.IsWhiteSpace(c))
            {
                firstControl = firstControl < 0 ? i : firstControl;
                controls++;
            }
        }

        return controls > ControlThreshold && controls > (text.Length - start) / ControlShare
            ? At(text, start, firstControl, text[firstControl])
            : null;
    }

    /// <summary>A not-text error at an index, its line and column counted as <see cref="Parse"/> counts them.</summary>
    private static NameListError At(string text, int start, int index, char c)
    {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < index; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new NameListError(NameListErrorKind.NotText, index, line, index - lineStart + 1, c);
    }
}
