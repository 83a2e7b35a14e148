using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;
using Makemore.Tests.Data;

namespace Makemore.Tests.Runtime;

/// <summary>
/// A names list as a user brings it, with the names it must give: generated (spaces, '.', punctuation, digits, CJK,
/// other whitespace and a combining mark inside names; surrounding whitespace, blank lines, LF, CRLF and CR), or drawn
/// from the real samples in Data/Lists. Printed escaped, so that a failing case can be read and pasted.
/// </summary>
internal sealed record AnyList(string Text, string[] Names)
{
    /// <summary>The distinct names.</summary>
    public HashSet<string> Distinct { get; } = new(Names, StringComparer.Ordinal);

    /// <summary>The alphabet the list must get: '.' (or U+0000 when '.' is a character of the names), then its characters, sorted ordinally.</summary>
    public string Alphabet
    {
        get
        {
            char[] characters = [.. Names.SelectMany(n => n).Distinct().Order()];
            return (characters.Contains('.') ? "\0" : ".") + new string(characters);
        }
    }

    public override string ToString()
    {
        var escaped = new StringBuilder("\"");
        foreach (char c in Text)
        {
            escaped.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return escaped.Append('"').ToString();
    }

    /// <summary>A character of a name: mostly a few letters; often a space or '.'; sometimes anything a real list holds.</summary>
    private static readonly Gen<char> NameCharacter = Gen.Frequency(
        (12, (IGen<char>)Gen.Char['a', 'e']),
        (3, Gen.Const(' ')),
        (3, Gen.Const('.')),
        (3, Gen.Char["AZ'-:,\"0179"]),
        (2, Gen.Char["中国山田美"]),
        (1, Gen.Char["é♀\u00A0\u3000\u0301"])); // another letter, a symbol, no-break and ideographic spaces, a combining mark

    private static readonly Gen<string> Padding = Gen.Frequency(
        (6, (IGen<string>)Gen.Const(string.Empty)),
        (1, Gen.Char[" \t\u00A0"].Array[1, 2].Select(c => new string(c))));

    private static readonly Gen<string> Line = Gen.Select(Padding, NameCharacter.Array[1, 9], Padding, (before, name, after) => before + new string(name) + after);

    private static readonly Gen<string> Separator = Gen.Frequency((6, (IGen<string>)Gen.Const("\n")), (1, Gen.Const("\r\n")), (1, Gen.Const("\r")), (1, Gen.Const("\n\n")));

    /// <summary>Generated lists of 1 to <paramref name="maxLines"/> lines, at least one of which is a name.</summary>
    public static Gen<AnyList> Generated(int maxLines = 24) =>
        Gen.Select(Line.Array[1, maxLines], Separator.Array[maxLines], Gen.Bool, (lines, separators, finalBreak) =>
        {
            var text = new StringBuilder();
            for (int i = 0; i < lines.Length; i++)
            {
                text.Append(lines[i]);
                if (i < lines.Length - 1 || finalBreak)
                {
                    text.Append(separators[i]);
                }
            }

            return new AnyList(text.ToString(), [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)]);
        })
        .Where(list => list.Names.Length > 0);

    /// <summary>The lines of the real samples that are names (not the few with control characters, characters outside the BMP or U+FFFD).</summary>
    private static readonly Lazy<string[][]> RealLines = new(() =>
        [.. TestLists.Names().Select(name => TestLists.Lines(name).Select(l => l.Trim()).Where(IsName).ToArray()).Where(lines => lines.Length > 0)]);

    /// <summary>1 to <paramref name="maxNames"/> lines of one real sample, picked at random, as a list of one name a line.</summary>
    public static Gen<AnyList> Real(int maxNames = 24) =>
        Gen.Int[0, RealLines.Value.Length - 1].SelectMany(list =>
            Gen.Int[0, RealLines.Value[list].Length - 1].Array[1, maxNames].Select(picks =>
            {
                string[] names = [.. picks.Select(i => RealLines.Value[list][i])];
                return new AnyList(string.Join("\n", names), names);
            }));

    /// <summary>Either kind, half and half.</summary>
    public static Gen<AnyList> Any(int maxNames = 24) => Gen.OneOf(Generated(maxNames), Real(maxNames));

    private static bool IsName(string line) =>
        line.Length > 0 && !line.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFD' or '\u2028' or '\u2029');
}
