// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Collections.Generic;

namespace Makemore.Modeling;

/// <summary>
/// Reads a names list: one name per line (LF, CRLF or CR), a leading UTF-8 BOM ignored, surrounding
/// whitespace trimmed, blank lines skipped, duplicates kept. A name may not contain the boundary token
/// '.', a control or whitespace character, or half of a surrogate pair.
/// </summary>
internal static class NameListParser
{
    /// <summary>The start/end token, always symbol 0.</summary>
    public const char Boundary = '.';

    /// <summary>Most distinct symbols besides the boundary token, so that an index fits in a byte.</summary>
    public const int MaxSymbols = 255;

    private const char ByteOrderMark = '\uFEFF';

    public static NameList Parse(string text)
    {
        var starts = new List<int>();
        var lengths = new List<int>();
        var errors = new List<NameListError>();
        var seen = new bool[char.MaxValue + 1];
        var symbols = new List<char>();

        int position = text.Length > 0 && text[0] == ByteOrderMark ? 1 : 0;
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
                    NameListErrorKind? problem =
                        c == Boundary ? NameListErrorKind.BoundaryTokenInName
                        : char.IsControl(c) || char.IsWhiteSpace(c) ? NameListErrorKind.InvalidCharacter
                        : char.IsSurrogate(c) ? NameListErrorKind.SurrogateCharacter
                        : null;
                    if (problem is { } kind)
                    {
                        errors.Add(new NameListError(kind, i, line, i - lineStart + 1, c));
                        valid = false;
                        continue;
                    }

                    if (!seen[c])
                    {
                        seen[c] = true;
                        symbols.Add(c);
                        if (symbols.Count == MaxSymbols + 1)
                        {
                            errors.Add(new NameListError(NameListErrorKind.TooManySymbols, i, line, i - lineStart + 1, c));
                        }
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

        if (starts.Count == 0 && errors.Count == 0)
        {
            errors.Add(new NameListError(NameListErrorKind.NoNames, 0, 1, 1, '\0'));
        }

        symbols.Sort((a, b) => a.CompareTo(b));
        var alphabet = new char[symbols.Count + 1];
        alphabet[0] = Boundary;
        symbols.CopyTo(alphabet, 1);
        return new NameList(text, starts, lengths, new string(alphabet), errors);
    }
}
