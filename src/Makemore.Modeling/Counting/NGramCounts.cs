// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;

namespace Makemore.Modeling.Counting;

/// <summary>
/// Every (context, symbol) pair of an order-n model at every level, with raw counts, counted once from a names
/// list whose names are padded with n − 1 start tokens and one end token (all symbol 0), as makemore does.
/// </summary>
/// <remarks>
/// Level L holds the pairs whose context has L symbols (level n − 1 is the full model, level 0 the empty
/// context). The levels are built bottom-up: each token's context at level L is its context at level L − 1
/// extended by the symbol L places back, so one sort of the tokens by (context at L − 1, that symbol, the token's
/// own symbol) gives level L's contexts, numbered in that order, and its pairs (<see cref="NGramLevelBuilder"/> does it
/// within the groups of the level below, which the tokens arrive sorted by). Keys hold node numbers, not
/// symbols (<see cref="NGramKey"/>), so every order and every alphabet size fits in 64 bits.
/// </remarks>
internal sealed class NGramCounts
{
    private NGramCounts(string alphabet, int order, NGramLevel[] levels, int[] tokenTopPair, byte[] tokenFold, int folds, int nameCount)
    {
        Alphabet = alphabet;
        Order = order;
        Levels = levels;
        TokenTopPair = tokenTopPair;
        TokenFold = tokenFold;
        Folds = folds;
        NameCount = nameCount;
    }

    /// <summary>'.' then the sorted symbols.</summary>
    public string Alphabet { get; }

    /// <summary>V, the boundary token included.</summary>
    public int VocabularySize => Alphabet.Length;

    /// <summary>n: contexts have n − 1 symbols.</summary>
    public int Order { get; }

    /// <summary>Levels 0 … n − 1 (context lengths).</summary>
    public NGramLevel[] Levels { get; }

    /// <summary>For each token of the list, in text order (letters and end tokens), its pair at level n − 1.</summary>
    public int[] TokenTopPair { get; }

    /// <summary>For each token, the held-out fold of its name (name index mod <see cref="Folds"/>); empty without folds.</summary>
    public byte[] TokenFold { get; }

    /// <summary>Folds counted separately for tuning (0 = none).</summary>
    public int Folds { get; }

    /// <summary>Number of names.</summary>
    public int NameCount { get; }

    /// <summary>Number of tokens: the names' lengths plus one end token each.</summary>
    public int TokenCount => TokenTopPair.Length;

    /// <summary>The top level's pairs.</summary>
    public NGramLevel Top => Levels[Order - 1];

    /// <summary>
    /// The counts without the contexts of level L ≥ 2 seen fewer than <paramref name="minimumCounts"/>[L] times (and
    /// their pairs), as count cut-offs prune an n-gram model: the model then uses a pruned context's longest kept
    /// suffix. Cut-offs must not decrease with the level, so a kept context's suffixes are kept too (a context is seen
    /// at most as often as its suffix); the contexts of start tokens, which every name passes, are always kept. Kept
    /// pairs keep their counts, continuation counts included, as counted on the whole list. Without folds.
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    public NGramCounts Prune(int[] minimumCounts)
    {
        bool[][] kept = KeptContexts(minimumCounts);
        var levels = new NGramLevel[Order];
        levels[0] = Levels[0];
        int[] keptBelow = [0]; // the new number of each node of the level below
        for (int level = 1; level < Order; level++)
        {
            NGramLevel l = Levels[level];
            var renumbered = new int[l.NodeCount];
            var nodeKeys = new System.Collections.Generic.List<ulong>(l.NodeCount);
            var pairKeys = new System.Collections.Generic.List<ulong>(l.PairCount);
            var raw = new System.Collections.Generic.List<int>(l.PairCount);
            var extensions = new System.Collections.Generic.List<int>(l.PairCount);
            for (int node = 0; node < l.NodeCount; node++)
            {
                if (!kept[level][node])
                {
                    renumbered[node] = -1;
                    continue;
                }

                renumbered[node] = nodeKeys.Count;
                nodeKeys.Add(NGramKey.Of(keptBelow[l.NodeParent[node]], l.OldestSymbol(node)));
                for (int pair = l.NodeFirstPair[node]; pair < l.NodeFirstPair[node + 1]; pair++)
                {
                    pairKeys.Add(NGramKey.Of(renumbered[node], l.SymbolOf(pair)));
                    raw.Add(l.RawCounts[pair]);
                    extensions.Add(l.DistinctExtensions[pair]);
                }
            }

            levels[level] = new NGramLevel(level, nodeKeys.ToArray(), pairKeys.ToArray(), raw.ToArray(), extensions.ToArray());
            levels[level].LinkSuffixes(levels[level - 1], countExtensions: false);
            keptBelow = renumbered;
        }

        return new NGramCounts(Alphabet, Order, levels, [], [], 0, NameCount);
    }

    /// <summary>
    /// Per level and node, whether <see cref="Prune"/> keeps the context: seen at least as often as the highest
    /// cut-off of its level and the levels below it from 2 up, or made of start tokens only, with its parent kept.
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    public bool[][] KeptContexts(int[] minimumCounts)
    {
        if (minimumCounts.Length != Order)
        {
            throw new ArgumentException($"An order-{Order} model needs {Order} cut-offs.", nameof(minimumCounts));
        }

        var kept = new bool[Order][];
        kept[0] = [true];
        bool[] startBelow = [true]; // whether a node of the level below is all start tokens
        int minimum = 1;
        for (int level = 1; level < Order; level++)
        {
            NGramLevel l = Levels[level];
            minimum = level >= 2 ? Math.Max(minimum, minimumCounts[level]) : 1;
            kept[level] = new bool[l.NodeCount];
            var start = new bool[l.NodeCount];
            for (int node = 0; node < l.NodeCount; node++)
            {
                long seen = 0;
                for (int pair = l.NodeFirstPair[node]; pair < l.NodeFirstPair[node + 1]; pair++)
                {
                    seen += l.RawCounts[pair];
                }

                start[node] = l.OldestSymbol(node) == 0 && startBelow[l.NodeParent[node]];
                kept[level][node] = kept[level - 1][l.NodeParent[node]] && (seen >= minimum || start[node]);
            }

            startBelow = start;
        }

        return kept;
    }

    /// <summary>The symbols of a context, oldest first (0 for the start padding).</summary>
    public int[] Context(int level, int node)
    {
        var symbols = new int[level];
        for (int i = 0; i < level; i++)
        {
            NGramLevel l = Levels[level - i];
            symbols[i] = l.OldestSymbol(node);
            node = l.NodeParent[node];
        }

        return symbols;
    }

    /// <summary>Counts a valid names list at order <paramref name="order"/> (1 to 8).</summary>
    /// <param name="names">The parsed list (must be valid).</param>
    /// <param name="order">n.</param>
    /// <param name="folds">When at least 2, also records each token's fold (name index mod folds), for tuning.</param>
    [MethodImpl(RunOnce.Optimized)]
    public static NGramCounts Count(NameList names, int order, int folds = 0)
    {
        if (order < 1 || order > NGramKey.MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be between 1 and 8.");
        }

        if (folds == 1 || folds < 0 || folds > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Folds must be 0 (none) or between 2 and 255.");
        }

        if (!names.IsValid)
        {
            throw new ArgumentException(names.Describe(), nameof(names));
        }

        string alphabet = names.Alphabet;
        int v = alphabet.Length;
        var index = new ushort[char.MaxValue + 1];
        for (int i = 1; i < v; i++)
        {
            index[alphabet[i]] = (ushort)i;
        }

        int tokens = 0;
        for (int n = 0; n < names.Count; n++)
        {
            tokens += names.NameLengths[n] + 1;
        }

        // Each token's symbol and its place in its name, from which the symbols before it (or the start padding) are read.
        var symbol = new ushort[tokens];
        var place = new int[tokens];
        var tokenFold = folds > 0 ? new byte[tokens] : [];
        string text = names.Text;
        int t = 0;
        for (int n = 0; n < names.Count; n++)
        {
            int start = names.NameStarts[n];
            int length = names.NameLengths[n];
            for (int i = 0; i <= length; i++)
            {
                symbol[t] = i < length ? index[text[start + i]] : (ushort)0;
                place[t] = i;
                if (folds > 0)
                {
                    tokenFold[t] = (byte)(n % folds);
                }

                t++;
            }
        }

        var builder = new NGramLevelBuilder(symbol, place, v);
        var levels = new NGramLevel[order];
        for (int level = 0; level < order; level++)
        {
            if (level == 0)
            {
                levels[level] = WithEverySymbol(builder.Root(), v, builder.PairOfPosition);
                continue;
            }

            NGramLevel built = builder.Next(levels[level - 1]); // linked to the level below, which it extends
            levels[level] = level == 1 ? WithStructuralZeros(WithNodesAfterWhitespace(built, alphabet), alphabet, builder.PairOfPosition) : built;
            if (levels[level] != built)
            {
                // Pairs or nodes inserted: linked again, their extensions of the level below counted afresh.
                Array.Clear(levels[level - 1].DistinctExtensions, 0, levels[level - 1].PairCount);
                levels[level].LinkSuffixes(levels[level - 1]);
            }
        }

        int[] tokenPair = builder.PairOfToken();
        return new NGramCounts(alphabet, order, levels, tokenPair, tokenFold, folds, names.Count);
    }

    /// <summary>
    /// Level 1 with a pair of count 0 for every event a name's trimming rules out: whitespace right after the start
    /// token, and the end right after whitespace. <see cref="NGramModel"/> gives these pairs probability 0, so that
    /// no model draws a name that begins or ends with whitespace and scoring stays exact; as explicit pairs they also
    /// leave the escape of their context, and so every longer context that ends the same way.
    /// </summary>
    private static NGramLevel WithStructuralZeros(NGramLevel level, string alphabet, int[] tokenPair)
    {
        var extra = new System.Collections.Generic.List<ulong>();
        int start = level.FindChild(0, 0);
        for (int w = 1; w < alphabet.Length; w++)
        {
            if (!char.IsWhiteSpace(alphabet[w]))
            {
                continue;
            }

            if (start >= 0 && level.FindPair(start, w) < 0)
            {
                extra.Add(NGramKey.Of(start, w));
            }

            int after = level.FindChild(0, w);
            if (after >= 0 && level.FindPair(after, 0) < 0)
            {
                extra.Add(NGramKey.Of(after, 0));
            }
        }

        return WithZeroPairs(level, extra, tokenPair);
    }

    /// <summary>
    /// Level 1 with a node for every whitespace symbol that no name uses (only an alphabet wider than the list's has one,
    /// as <see cref="WithEverySymbol"/> says), so that the end after it is a structural zero like the end after any
    /// other whitespace. The inserted nodes hold no tokens, so the level above, built from this one, has none after them.
    /// </summary>
    private static NGramLevel WithNodesAfterWhitespace(NGramLevel level, string alphabet)
    {
        var missing = new System.Collections.Generic.List<ulong>();
        for (int w = 1; w < alphabet.Length; w++)
        {
            if (char.IsWhiteSpace(alphabet[w]) && level.FindChild(0, w) < 0)
            {
                missing.Add(NGramKey.Of(0, w));
            }
        }

        if (missing.Count == 0)
        {
            return level;
        }

        var nodeKeys = new ulong[level.NodeCount + missing.Count];
        var renumbered = new int[level.NodeCount];
        int m = 0;
        int k = 0;
        for (int node = 0; node < level.NodeCount; node++)
        {
            while (m < missing.Count && missing[m] < level.NodeKeys[node])
            {
                nodeKeys[k++] = missing[m++];
            }

            renumbered[node] = k;
            nodeKeys[k++] = level.NodeKeys[node];
        }

        while (m < missing.Count)
        {
            nodeKeys[k++] = missing[m++];
        }

        var pairKeys = new ulong[level.PairCount];
        for (int pair = 0; pair < pairKeys.Length; pair++)
        {
            pairKeys[pair] = NGramKey.Of(renumbered[NGramKey.Node(level.PairKeys[pair])], NGramKey.Symbol(level.PairKeys[pair]));
        }

        return new NGramLevel(level.Level, nodeKeys, pairKeys, level.RawCounts);
    }

    /// <summary>
    /// The root with a pair of count 0 for every symbol the names do not use: only an alphabet wider than the list's
    /// has one (<c>LanguageModel.FromTextOverAlphabetOf</c>: makemore.py's vocabulary of the whole list, counted on a
    /// part of it). Both smoothings give such a pair only the share of the uniform distribution below the root, and the
    /// tables need the root to hold every symbol.
    /// </summary>
    private static NGramLevel WithEverySymbol(NGramLevel root, int v, int[] tokenPair)
    {
        var extra = new System.Collections.Generic.List<ulong>();
        for (int w = 0; w < v; w++)
        {
            if (root.FindPair(0, w) < 0)
            {
                extra.Add(NGramKey.Of(0, w));
            }
        }

        return WithZeroPairs(root, extra, tokenPair);
    }

    /// <summary>The level with pairs of count 0 added (<paramref name="extra"/>, keys of its nodes); each token's pair index is moved past the pairs inserted before it.</summary>
    private static NGramLevel WithZeroPairs(NGramLevel level, System.Collections.Generic.List<ulong> extra, int[] tokenPair)
    {
        if (extra.Count == 0)
        {
            return level;
        }

        extra.Sort();
        int pairs = level.PairCount + extra.Count;
        var keys = new ulong[pairs];
        var counts = new int[pairs];
        var moved = new int[level.PairCount];
        int e = 0;
        int k = 0;
        for (int pair = 0; pair < level.PairCount; pair++)
        {
            while (e < extra.Count && extra[e] < level.PairKeys[pair])
            {
                keys[k++] = extra[e++];
            }

            moved[pair] = k;
            keys[k] = level.PairKeys[pair];
            counts[k++] = level.RawCounts[pair];
        }

        while (e < extra.Count)
        {
            keys[k++] = extra[e++];
        }

        for (int t = 0; t < tokenPair.Length; t++)
        {
            tokenPair[t] = moved[tokenPair[t]];
        }

        return new NGramLevel(level.Level, level.NodeKeys, keys, counts);
    }
}
