using System.Collections.Generic;
using System.Collections.Immutable;
using System;
using Makemore.Modeling.Parsing;

namespace Makemore.Lecture;

/// <summary>
/// The split the lecture series uses from its MLP part on: <c>random.seed(42); random.shuffle(words)</c>, then
/// the first 80 % of the shuffled names for training, the next 10 % for development, the last 10 % for test
/// (<c>n1 = int(0.8*len(words))</c>, <c>n2 = int(0.9*len(words))</c>).
/// </summary>
/// <remarks>
/// <para>
/// The names are read with the library's own parser (trimmed, blank lines skipped). On the lecture's file that
/// is exactly Python's <c>splitlines()</c>: it has no blank lines and no surrounding whitespace. The shuffle is
/// CPython's own (MT19937 seeded by <c>init_by_array</c>, <c>_randbelow</c> by rejection), so the parts hold the
/// same names, in the same order, as the lecture's notebooks: on its names.txt, 182,625 / 22,655 / 22,866 tokens.
/// </para>
/// <para>
/// Any names list can be split this way; the parts of a short or unusual list need not share an alphabet, and a
/// model counted from the train part cannot score a character it has never seen.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var split = LectureSplit.FromText(File.ReadAllText("names.txt"));
/// var model = LanguageModel.FromText(LectureSplit.ToText(split.Train), order: 6, Smoothing.KneserNey);
/// double devLoss = model.AverageNegativeLogLikelihood(LectureSplit.ToText(split.Dev));
/// </code>
/// </example>
public sealed class LectureSplit
{
    /// <summary>The lecture's seed.</summary>
    public const int Seed = 42;

    private LectureSplit(ImmutableArray<string> train, ImmutableArray<string> dev, ImmutableArray<string> test)
    {
        Train = train;
        Dev = dev;
        Test = test;
    }

    /// <summary>The training part, <c>words[:n1]</c>: the first 80 % of the shuffled names.</summary>
    public ImmutableArray<string> Train { get; }

    /// <summary>The development (validation) part, <c>words[n1:n2]</c>: the next 10 %.</summary>
    public ImmutableArray<string> Dev { get; }

    /// <summary>The test part, <c>words[n2:]</c>: the last 10 %.</summary>
    public ImmutableArray<string> Test { get; }

    /// <summary>Shuffles the names of <paramref name="text"/> as the lecture does and splits them 80/10/10.</summary>
    /// <param name="text">One name per line (LF, CRLF or CR); surrounding whitespace trimmed, blank lines skipped, duplicates kept.</param>
    /// <param name="seed">The seed of Python's <c>random.seed</c>; the lecture's is 42.</param>
    /// <returns>The three parts.</returns>
    /// <exception cref="ArgumentException">The text is not a valid names list; the message names the first offending character and its line.</exception>
    public static LectureSplit FromText(string text, int seed = Seed)
    {
        ArgumentNullException.ThrowIfNull(text);
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
            ImmutableArray.CreateRange(words.GetRange(0, n1)),
            ImmutableArray.CreateRange(words.GetRange(n1, n2 - n1)),
            ImmutableArray.CreateRange(words.GetRange(n2, words.Count - n2)));
    }

    /// <summary>Tokens of a part as the lecture counts them: each name's length plus its end token.</summary>
    /// <param name="part">Names, such as <see cref="Train"/>.</param>
    /// <returns>The number of (context, next symbol) examples the names make: the denominator of the lecture's loss.</returns>
    public static int TokenCount(IReadOnlyList<string> part)
    {
        ArgumentNullException.ThrowIfNull(part);
        int tokens = 0;
        foreach (string name in part)
        {
            tokens += name.Length + 1;
        }

        return tokens;
    }

    /// <summary>A part as a names list, one per line (LF), for <see cref="LanguageModel.FromText(string, int, Smoothing?, long)"/> and the models' scoring calls.</summary>
    /// <param name="part">Names, such as <see cref="Train"/>.</param>
    /// <returns>The names joined by '\n'.</returns>
    public static string ToText(IReadOnlyList<string> part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return string.Join("\n", part);
    }
}
