using System;
using System.Collections.Generic;
using Makemore.Modeling;

namespace Makemore.Lecture;

/// <summary>
/// The split the lecture series uses from its MLP part on: <c>random.seed(42); random.shuffle(words)</c>, then
/// the first 80 % of the shuffled names for training, the next 10 % for development, the last 10 % for test
/// (<c>n1 = int(0.8*len(words))</c>, <c>n2 = int(0.9*len(words))</c>).
/// </summary>
/// <remarks>
/// The names are read with the library's own parser (trimmed, blank lines skipped). On the lecture's file that
/// is exactly Python's <c>splitlines()</c>: it has no blank lines and no surrounding whitespace.
/// </remarks>
internal sealed class LectureSplit
{
    /// <summary>The lecture's seed.</summary>
    public const int Seed = 42;

    private LectureSplit(string[] train, string[] dev, string[] test)
    {
        Train = train;
        Dev = dev;
        Test = test;
    }

    /// <summary>words[:n1].</summary>
    public string[] Train { get; }

    /// <summary>words[n1:n2].</summary>
    public string[] Dev { get; }

    /// <summary>words[n2:].</summary>
    public string[] Test { get; }

    /// <summary>Shuffles the names of <paramref name="text"/> as the lecture does and splits them 80/10/10.</summary>
    /// <exception cref="ArgumentException">The text is not a valid names list.</exception>
    public static LectureSplit FromText(string text, int seed = Seed)
    {
        NameList names = NameListParser.Parse(text);
        if (!names.IsValid)
        {
            throw new ArgumentException(names.Describe(), nameof(text));
        }

        var words = new List<string>(names.Count);
        for (int i = 0; i < names.Count; i++)
        {
            words.Add(text.Substring(names.NameStarts[i], names.NameLengths[i]));
        }

        new PythonRandom(seed).Shuffle(words);
        int n1 = (int)(0.8 * words.Count);
        int n2 = (int)(0.9 * words.Count);
        return new LectureSplit(
            words.GetRange(0, n1).ToArray(),
            words.GetRange(n1, n2 - n1).ToArray(),
            words.GetRange(n2, words.Count - n2).ToArray());
    }

    /// <summary>Tokens of a part as the lecture counts them: each name's length plus its end token.</summary>
    public static int TokenCount(IReadOnlyList<string> part)
    {
        int tokens = 0;
        foreach (string name in part)
        {
            tokens += name.Length + 1;
        }

        return tokens;
    }

    /// <summary>A part as a names list, one per line (LF), for the models' text-based builders.</summary>
    public static string ToText(IReadOnlyList<string> part) => string.Join("\n", part);
}
