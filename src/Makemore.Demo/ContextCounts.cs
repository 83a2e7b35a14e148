using System;
using System.Collections.Generic;
using System.Linq;
using Makemore.Lecture;

namespace Makemore.Demo;

/// <summary>
/// How often each character follows each context of n − 1 characters in a names list, each name padded with
/// n − 1 '.' before it and one after (so the first context is all dots), as a model of order n counts them.
/// </summary>
internal sealed class ContextCounts
{
    private readonly int[,] _counts;

    private ContextCounts(int order, string alphabet, string[] contexts, int[,] counts)
    {
        Order = order;
        Alphabet = alphabet;
        Contexts = contexts;
        _counts = counts;
    }

    public int Order { get; }

    /// <summary>'.' and every character of the names, sorted ordinally: the columns.</summary>
    public string Alphabet { get; }

    /// <summary>The contexts shown: the rows.</summary>
    public IReadOnlyList<string> Contexts { get; }

    public int Rows => Contexts.Count;

    public int Columns => Alphabet.Length;

    public int this[int row, int column] => _counts[row, column];

    /// <summary>
    /// Counts <paramref name="text"/>'s names. Order 2 keeps every context, in the alphabet's order (the
    /// lecture's N); a higher order keeps the <paramref name="top"/> contexts seen most often (ties in ordinal order).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a names list.</exception>
    public static ContextCounts Count(string text, int order, int top)
    {
        // The names exactly as the library reads a list (BOM, trimming, blank lines, validation): the lecture's
        // split holds every one of them once, and counts do not depend on their order.
        LectureSplit split = LectureSplit.FromText(text);
        string[] names = [.. split.Train, .. split.Dev, .. split.Test];
        string alphabet = "." + new string(names.SelectMany(name => name).Distinct().Order().ToArray());
        var column = alphabet.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);

        string padding = new('.', order - 1);
        var rows = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            string padded = padding + name + ".";
            for (int i = 0; i + order <= padded.Length; i++)
            {
                string context = padded.Substring(i, order - 1);
                if (!rows.TryGetValue(context, out int[]? row))
                {
                    rows.Add(context, row = new int[alphabet.Length]);
                }

                row[column[padded[i + order - 1]]]++;
            }
        }

        string[] contexts = order == 2
            ? [.. alphabet.Select(c => c.ToString())]
            : [.. rows.OrderByDescending(r => r.Value.Sum()).ThenBy(r => r.Key, StringComparer.Ordinal).Take(top).Select(r => r.Key)];
        var counts = new int[contexts.Length, alphabet.Length];
        for (int r = 0; r < contexts.Length; r++)
        {
            int[] row = rows.GetValueOrDefault(contexts[r]) ?? new int[alphabet.Length];
            for (int c = 0; c < alphabet.Length; c++)
            {
                counts[r, c] = row[c];
            }
        }

        return new ContextCounts(order, alphabet, contexts, counts);
    }
}
