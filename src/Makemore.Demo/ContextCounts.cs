using System.Collections.Generic;
using System.Linq;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;

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
        // The library's own parsing and counting, so that the heatmap shows the counts its models are made of.
        NameList names = NameListParser.Parse(text);
        if (!names.IsValid)
        {
            throw new ArgumentException(names.Describe(), nameof(text));
        }

        NGramCounts counted = NGramCounts.Count(names, order);
        string alphabet = counted.Alphabet;
        NGramLevel level = counted.Top;
        var rows = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (int node = 0; node < level.NodeKeys.Length; node++)
        {
            var row = new int[alphabet.Length];
            for (int pair = level.NodeFirstPair[node]; pair < level.NodeFirstPair[node + 1]; pair++)
            {
                row[level.SymbolOf(pair)] = level.RawCounts[pair];
            }

            rows.Add(Context(counted.Context(order - 1, node), alphabet), row);
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

    /// <summary>A context key's symbols as text, oldest first ('.' for the start padding).</summary>
    private static string Context(int[] symbols, string alphabet) => new([.. symbols.Select(s => alphabet[s])]);
}
