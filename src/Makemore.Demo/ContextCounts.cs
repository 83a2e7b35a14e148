using System.Collections.Generic;
using System.Linq;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;

namespace Makemore.Demo;

/// <summary>
/// How often each character follows each context of n − 1 characters in a names list, each name padded with
/// n − 1 start tokens before it and one end token after (so the first context is all start tokens), as a model of
/// order n counts them. The start/end token is the alphabet's stand-in, <c>Alphabet[0]</c> ('.' unless the names use '.').
/// </summary>
internal sealed class ContextCounts
{
    private readonly int[,] _counts;

    private ContextCounts(int order, string alphabet, string symbols, string[] contexts, int[,] counts)
    {
        Order = order;
        Alphabet = alphabet;
        Symbols = symbols;
        Contexts = contexts;
        _counts = counts;
    }

    public int Order { get; }

    /// <summary>The model's alphabet: the start/end token's stand-in, then every character of the names, sorted ordinally.</summary>
    public string Alphabet { get; }

    /// <summary>The symbols shown as columns (and, at order 2, as rows), in the alphabet's order: all of them, or the most frequent.</summary>
    public string Symbols { get; }

    /// <summary>The contexts shown: the rows.</summary>
    public IReadOnlyList<string> Contexts { get; }

    public int Rows => Contexts.Count;

    public int Columns => Symbols.Length;

    public int this[int row, int column] => _counts[row, column];

    /// <summary>
    /// Counts <paramref name="text"/>'s names. Order 2 keeps every context, in the alphabet's order (the lecture's
    /// N); a higher order keeps the <paramref name="top"/> contexts seen most often (ties in ordinal order). An
    /// alphabet of more than <paramref name="maxSymbols"/> symbols shows only its most frequent: at order 2 the start/end
    /// token and the characters seen most often in the names, above it the next characters seen most often after the
    /// contexts shown (ties in the alphabet's order).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a names list.</exception>
    public static ContextCounts Count(string text, int order, int top, int maxSymbols = int.MaxValue)
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
        int[][] shownRows = [.. contexts.Select(context => rows.GetValueOrDefault(context) ?? new int[alphabet.Length])];

        // How often each symbol is seen where the figure looks: in the names (order 2), or after the contexts shown.
        var seen = new long[alphabet.Length];
        foreach (int[] row in order == 2 ? [.. rows.Values] : shownRows)
        {
            for (int c = 0; c < alphabet.Length; c++)
            {
                seen[c] += row[c];
            }
        }

        int[] columns = alphabet.Length <= maxSymbols
            ? [.. Enumerable.Range(0, alphabet.Length)]
            : [.. Enumerable.Range(0, alphabet.Length).OrderBy(c => order == 2 && c == 0 ? 0 : 1).ThenByDescending(c => seen[c]).ThenBy(c => c).Take(maxSymbols).Order()];
        string symbols = new([.. columns.Select(c => alphabet[c])]);
        if (order == 2)
        {
            contexts = [.. symbols.Select(c => c.ToString())];
            shownRows = [.. columns.Select(c => shownRows[c])];
        }

        var counts = new int[contexts.Length, columns.Length];
        for (int r = 0; r < contexts.Length; r++)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                counts[r, c] = shownRows[r][columns[c]];
            }
        }

        return new ContextCounts(order, alphabet, symbols, contexts, counts);
    }

    /// <summary>A context key's symbols as text, oldest first (the alphabet's stand-in for the start padding).</summary>
    private static string Context(int[] symbols, string alphabet) => new([.. symbols.Select(s => alphabet[s])]);
}
