using System;
using Makemore.Modeling.Parsing;

namespace Makemore.Symbols;

/// <summary>
/// The names in text to be scored, one per line, read by the rules the names list itself is parsed by: a
/// leading byte order mark is not part of the first name, lines end at LF, CRLF or CR, names are trimmed and
/// blank lines skipped. Each name comes with its index in the text, for error messages. Allocates nothing.
/// </summary>
internal ref struct NameLines
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    public NameLines(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = text.Length - WithoutByteOrderMark(text).Length;
    }

    /// <summary>The text without a leading byte order mark, which is not part of the first name.</summary>
    public static ReadOnlySpan<char> WithoutByteOrderMark(ReadOnlySpan<char> text) =>
        !text.IsEmpty && text[0] == NameListParser.ByteOrderMark ? text[1..] : text;

    /// <summary>The current name (trimmed, never empty).</summary>
    public ReadOnlySpan<char> Current { get; private set; }

    /// <summary>The index of <see cref="Current"/>'s first character in the text.</summary>
    public int Offset { get; private set; }

    /// <summary>Moves to the next non-blank line; false at the end of the text.</summary>
    public bool MoveNext()
    {
        while (_position < _text.Length)
        {
            ReadOnlySpan<char> rest = _text[_position..];
            int lineLength = rest.IndexOfAny('\n', '\r');
            if (lineLength < 0)
            {
                lineLength = rest.Length;
            }

            ReadOnlySpan<char> line = rest[..lineLength];
            ReadOnlySpan<char> name = line.Trim();
            int start = _position + (line.Length - line.TrimStart().Length);
            _position += lineLength + 1;
            if (!name.IsEmpty)
            {
                Current = name;
                Offset = start;
                return true;
            }
        }

        return false;
    }

    /// <summary>The exception for text with no name in it.</summary>
    public static ArgumentException NoNames(string parameterName) =>
        new("The text contains no names: every line is empty or whitespace.", parameterName);
}
