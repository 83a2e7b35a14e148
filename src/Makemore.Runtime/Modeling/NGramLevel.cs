// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling;

/// <summary>
/// The pairs and contexts of one level (context length L) of an order-n count: pair keys sorted (so grouped by
/// context, symbols ascending within a context), raw counts, links to the level below, and the nodes.
/// </summary>
internal sealed class NGramLevel
{
    private NGramLevel(int level, ulong[] pairKeys, int[] rawCounts, int[] distinctExtensions)
    {
        Level = level;
        PairKeys = pairKeys;
        RawCounts = rawCounts;
        DistinctExtensions = distinctExtensions;
        SuffixPair = [];

        // Nodes: runs of equal context (key >> 8) in the sorted pair keys.
        int nodes = 0;
        for (int i = 0; i < pairKeys.Length; i++)
        {
            if (i == 0 || (pairKeys[i] >> NGramKey.SymbolBits) != (pairKeys[i - 1] >> NGramKey.SymbolBits))
            {
                nodes++;
            }
        }

        NodeKeys = new ulong[nodes];
        NodeFirstPair = new int[nodes + 1];
        NodeOfPair = new int[pairKeys.Length];
        int node = -1;
        for (int i = 0; i < pairKeys.Length; i++)
        {
            if (i == 0 || (pairKeys[i] >> NGramKey.SymbolBits) != (pairKeys[i - 1] >> NGramKey.SymbolBits))
            {
                node++;
                NodeKeys[node] = pairKeys[i] >> NGramKey.SymbolBits;
                NodeFirstPair[node] = i;
            }

            NodeOfPair[i] = node;
        }

        NodeFirstPair[nodes] = pairKeys.Length;
        NodeParent = new int[nodes];
    }

    /// <summary>L, the number of context symbols.</summary>
    public int Level { get; }

    /// <summary>Pair keys (see <see cref="NGramKey"/>), ascending.</summary>
    public ulong[] PairKeys { get; }

    /// <summary>How often each pair occurs in the padded names.</summary>
    public int[] RawCounts { get; }

    /// <summary>
    /// For each pair, the number of distinct pairs of level L + 1 whose suffix it is (the distinct symbols seen
    /// before its context): Kneser–Ney's continuation count N1+(• context w). Zero at the top level.
    /// </summary>
    public int[] DistinctExtensions { get; }

    /// <summary>For each pair, the index of its suffix pair at level L − 1; empty at level 0.</summary>
    public int[] SuffixPair { get; private set; }

    /// <summary>Distinct contexts (key of L symbols), ascending.</summary>
    public ulong[] NodeKeys { get; }

    /// <summary>Node i's pairs are [NodeFirstPair[i], NodeFirstPair[i + 1]).</summary>
    public int[] NodeFirstPair { get; }

    /// <summary>The node of each pair.</summary>
    public int[] NodeOfPair { get; }

    /// <summary>For each node, the node of level L − 1 that is its context without the oldest symbol (0 at level 0).</summary>
    public int[] NodeParent { get; }

    /// <summary>Number of pairs.</summary>
    public int PairCount => PairKeys.Length;

    /// <summary>Number of nodes.</summary>
    public int NodeCount => NodeKeys.Length;

    /// <summary>The index of a pair key, or −1.</summary>
    public int FindPair(ulong key) => Array.BinarySearch(PairKeys, key) is var i && i >= 0 ? i : -1;

    /// <summary>The index of a context key, or −1.</summary>
    public int FindNode(ulong key) => Array.BinarySearch(NodeKeys, key) is var i && i >= 0 ? i : -1;

    /// <summary>The top level from the tokens' keys, sorted, and each key's token position.</summary>
    public static NGramLevel FromSortedTokens(int level, ulong[] sortedKeys, int[] positions, int[] tokenPair)
    {
        int types = 0;
        for (int i = 0; i < sortedKeys.Length; i++)
        {
            if (i == 0 || sortedKeys[i] != sortedKeys[i - 1])
            {
                types++;
            }
        }

        var keys = new ulong[types];
        var counts = new int[types];
        int type = -1;
        for (int i = 0; i < sortedKeys.Length; i++)
        {
            if (i == 0 || sortedKeys[i] != sortedKeys[i - 1])
            {
                type++;
                keys[type] = sortedKeys[i];
            }

            counts[type]++;
            tokenPair[positions[i]] = type;
        }

        return new NGramLevel(level, keys, counts, new int[types]);
    }

    /// <summary>Level L from level L + 1: each upper pair's suffix, counts summed, distinct extensions counted.</summary>
    public static NGramLevel FromUpper(int level, NGramLevel upper)
    {
        int uppers = upper.PairCount;
        ulong mask = NGramKey.Mask(level + 1);
        var suffixKeys = new ulong[uppers];
        var order = new int[uppers];
        for (int i = 0; i < uppers; i++)
        {
            suffixKeys[i] = upper.PairKeys[i] & mask;
            order[i] = i;
        }

        RadixSort.Sort(ref suffixKeys, ref order, level + 1);
        int types = 0;
        for (int i = 0; i < uppers; i++)
        {
            if (i == 0 || suffixKeys[i] != suffixKeys[i - 1])
            {
                types++;
            }
        }

        var keys = new ulong[types];
        var counts = new int[types];
        var extensions = new int[types];
        var suffixPair = new int[uppers];
        int type = -1;
        for (int i = 0; i < uppers; i++)
        {
            if (i == 0 || suffixKeys[i] != suffixKeys[i - 1])
            {
                type++;
                keys[type] = suffixKeys[i];
            }

            int u = order[i];
            counts[type] += upper.RawCounts[u];
            extensions[type]++;
            suffixPair[u] = type;
        }

        upper.SuffixPair = suffixPair;
        return new NGramLevel(level, keys, counts, extensions);
    }

    /// <summary>Finds each node's parent on the level below.</summary>
    public void LinkParents(NGramLevel lower)
    {
        ulong mask = NGramKey.Mask(Level - 1);
        for (int node = 0; node < NodeCount; node++)
        {
            int parent = lower.FindNode(NodeKeys[node] & mask);
            NodeParent[node] = parent >= 0 ? parent : throw new InvalidOperationException("A context's suffix is missing from the level below.");
        }
    }
}
