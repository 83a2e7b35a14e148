// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System;

namespace Makemore.Modeling.Counting;

/// <summary>
/// The contexts (nodes) and (context, symbol) pairs of one level — context length L — of an order-n count: pair
/// keys sorted (so grouped by context, symbols ascending within a context), raw counts, and the links to the level
/// below (see <see cref="NGramKey"/> for the keys).
/// </summary>
internal sealed class NGramLevel
{
    [MethodImpl(RunOnce.Optimized)]
    public NGramLevel(int level, ulong[] nodeKeys, ulong[] pairKeys, int[] rawCounts, int[]? distinctExtensions = null, int[]? suffixPair = null)
    {
        Level = level;
        NodeKeys = nodeKeys;
        PairKeys = pairKeys;
        RawCounts = rawCounts;
        DistinctExtensions = distinctExtensions ?? new int[pairKeys.Length];
        SuffixPair = suffixPair ?? [];
        NodeFirstPair = new int[nodeKeys.Length + 1];
        NodeOfPair = new int[pairKeys.Length];
        NodeParent = new int[nodeKeys.Length];
        for (int node = 0; node < nodeKeys.Length; node++)
        {
            NodeParent[node] = level == 0 ? 0 : NGramKey.Node(nodeKeys[node]);
        }

        int next = 0;
        for (int pair = 0; pair < pairKeys.Length; pair++)
        {
            int node = NGramKey.Node(pairKeys[pair]);
            while (next <= node)
            {
                NodeFirstPair[next++] = pair;
            }

            NodeOfPair[pair] = node;
        }

        while (next <= nodeKeys.Length)
        {
            NodeFirstPair[next++] = pairKeys.Length;
        }
    }

    /// <summary>L, the number of context symbols.</summary>
    public int Level { get; }

    /// <summary>Pair keys (node, next symbol), ascending.</summary>
    public ulong[] PairKeys { get; }

    /// <summary>How often each pair occurs in the padded names.</summary>
    public int[] RawCounts { get; }

    /// <summary>
    /// For each pair, the number of distinct pairs of level L + 1 whose suffix it is (the distinct symbols seen
    /// before its context): Kneser–Ney's continuation count N1+(• context w). Zero at the top level.
    /// </summary>
    public int[] DistinctExtensions { get; }

    /// <summary>For each pair, the index of its suffix pair at level L − 1 (the same symbol after the parent context); empty at level 0.</summary>
    public int[] SuffixPair { get; private set; }

    /// <summary>Contexts as (parent node, oldest symbol) keys, ascending; level 0 has the one empty context, key 0.</summary>
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

    /// <summary>The symbol of a pair.</summary>
    public int SymbolOf(int pair) => NGramKey.Symbol(PairKeys[pair]);

    /// <summary>The oldest symbol of a node's context (0, the start token, for the padding before a name; meaningless at level 0).</summary>
    public int OldestSymbol(int node) => NGramKey.Symbol(NodeKeys[node]);

    /// <summary>The pair of <paramref name="symbol"/> after <paramref name="node"/>, or −1.</summary>
    public int FindPair(int node, int symbol) => Array.BinarySearch(PairKeys, NGramKey.Of(node, symbol)) is var i && i >= 0 ? i : -1;

    /// <summary>The node that extends <paramref name="parent"/> (a node of the level below) by the older <paramref name="symbol"/>, or −1.</summary>
    public int FindChild(int parent, int symbol) => Array.BinarySearch(NodeKeys, NGramKey.Of(parent, symbol)) is var i && i >= 0 ? i : -1;

    /// <summary>Links each pair to its suffix pair on <paramref name="lower"/> and (unless told not to) counts the lower pairs' distinct extensions.</summary>
    /// <remarks>A node's pairs and its parent's are both in symbol order, so one walk along the parent's pairs finds them all.</remarks>
    [MethodImpl(RunOnce.Optimized)]
    public void LinkSuffixes(NGramLevel lower, bool countExtensions = true)
    {
        SuffixPair = new int[PairCount];
        for (int node = 0; node < NodeCount; node++)
        {
            int parent = NodeParent[node];
            int j = lower.NodeFirstPair[parent];
            int end = lower.NodeFirstPair[parent + 1];
            for (int pair = NodeFirstPair[node]; pair < NodeFirstPair[node + 1]; pair++)
            {
                int w = SymbolOf(pair);
                while (j < end && lower.SymbolOf(j) < w)
                {
                    j++;
                }

                if (j == end || lower.SymbolOf(j) != w)
                {
                    throw new InvalidOperationException("A pair's suffix is missing from the level below.");
                }

                SuffixPair[pair] = j;
                if (countExtensions && RawCounts[pair] > 0)
                {
                    lower.DistinctExtensions[j]++; // a structural zero (NGramCounts) is no extension seen
                }
            }
        }
    }
}
