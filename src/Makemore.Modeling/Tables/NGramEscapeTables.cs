// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System;
using Makemore.Modeling.Counting;

namespace Makemore.Modeling.Tables;

/// <summary>
/// The escape tables of an order-n model's tables (see <see cref="NGramTables"/>): for each node c with an escape,
/// the parent's pairs that are not pairs of c, and the parent's escape if it has one. Nodes with the same parent
/// and the same pairs share one table. Found by <see cref="Find"/> for <see cref="NGramTableBuilder"/>, which lays
/// out only the tables a block leads to.
/// </summary>
internal sealed class NGramEscapeTables
{
    private NGramEscapeTables(int[] parent, int[] keptStart, int[] kept, int[] ofNode)
    {
        Parent = parent;
        KeptStart = keptStart;
        Kept = kept;
        OfNode = ofNode;
    }

    /// <summary>Number of escape tables.</summary>
    public int Count => Parent.Length;

    /// <summary>Per table, the parent node (global node number) whose pairs it draws from.</summary>
    public int[] Parent { get; }

    /// <summary>Table e keeps the parent's pairs <see cref="Kept"/>[KeptStart[e] … KeptStart[e + 1]).</summary>
    public int[] KeptStart { get; }

    /// <summary>Indices among the parent's pairs (ascending, so in symbol order).</summary>
    public int[] Kept { get; }

    /// <summary>Per node, its escape table (−1 for a node without an escape): where its escape leads, or what its block holds after its own pairs when it is merged.</summary>
    public int[] OfNode { get; }

    /// <summary>Slots of table e: the kept pairs, and an escape when the parent has one.</summary>
    public int SlotCount(int e, bool[] hasEscape) => KeptStart[e + 1] - KeptStart[e] + (hasEscape[Parent[e]] ? 1 : 0);

    /// <summary>No escape tables, for a format whose escapes draw from the parent (<see cref="NGramTableFormat.UsesEscapeTables"/>).</summary>
    public static NGramEscapeTables None(int nodes)
    {
        var ofNode = new int[nodes];
        for (int g = 0; g < nodes; g++)
        {
            ofNode[g] = -1;
        }

        return new NGramEscapeTables([], [0], [], ofNode);
    }

    /// <summary>Finds every node's escape table.</summary>
    /// <param name="counts">The model's counts.</param>
    /// <param name="offset">The global number of each level's first node.</param>
    /// <param name="hasEscape">Per node, whether it has an escape.</param>
    /// <exception cref="InvalidOperationException">A node has a pair its parent lacks (the counts are not suffix-closed).</exception>
    [MethodImpl(RunOnce.Optimized)]
    public static NGramEscapeTables Find(NGramCounts counts, int[] offset, bool[] hasEscape)
    {
        int n = counts.Order;
        var ofNode = new int[offset[n]];
        for (int g = 0; g < ofNode.Length; g++)
        {
            ofNode[g] = -1;
        }

        var parents = new List<int>();
        var keptStart = new List<int> { 0 };
        var kept = new List<int>();
        var creator = new List<int>(); // per table, the level-local node that made it: its pairs are the table's key
        var hashes = new List<ulong>(); // per table, the hash of its creator's pairs
        var excluded = new bool[counts.VocabularySize];

        // Top level first, so that a table's escape leads to a table numbered after it (the parent's, one level down).
        for (int level = n - 1; level >= 1; level--)
        {
            NGramLevel l = counts.Levels[level];
            NGramLevel below = counts.Levels[level - 1];
            int groupParent = -1;
            int firstTableOfGroup = parents.Count;
            for (int i = 0; i < l.NodeCount; i++)
            {
                int g = offset[level] + i;
                if (!hasEscape[g])
                {
                    continue;
                }

                // Nodes with the same parent and the same pairs share a table. A level's nodes are sorted by parent,
                // so the candidates are the tables made since the parent's first child: at most one per child, and a
                // narrow table's parent has at most 256 children.
                int parent = l.NodeParent[i];
                if (parent != groupParent)
                {
                    groupParent = parent;
                    firstTableOfGroup = parents.Count;
                }

                ulong hash = 14695981039346656037UL;
                for (int pair = l.NodeFirstPair[i]; pair < l.NodeFirstPair[i + 1]; pair++)
                {
                    hash = (hash ^ (uint)l.SymbolOf(pair)) * 1099511628211UL;
                }

                int table = parents.Count - 1;
                while (table >= firstTableOfGroup && (hashes[table] != hash || !SamePairs(l, creator[table], i)))
                {
                    table--;
                }

                if (table < firstTableOfGroup)
                {
                    int parentNode = offset[level - 1] + parent;
                    table = parents.Count;
                    hashes.Add(hash);
                    creator.Add(i);
                    int parentFirst = below.NodeFirstPair[parent];
                    int parentPairs = below.NodeFirstPair[parent + 1] - parentFirst;
                    for (int pair = l.NodeFirstPair[i]; pair < l.NodeFirstPair[i + 1]; pair++)
                    {
                        int j = l.SuffixPair[pair] - parentFirst;
                        excluded[j] = j >= 0 && j < parentPairs
                            ? true
                            : throw new InvalidOperationException("A context has a pair its parent context lacks.");
                    }

                    for (int j = 0; j < parentPairs; j++)
                    {
                        if (!excluded[j])
                        {
                            kept.Add(j);
                        }

                        excluded[j] = false;
                    }

                    parents.Add(parentNode);
                    keptStart.Add(kept.Count);
                }

                ofNode[g] = table;
            }
        }

        return new NGramEscapeTables(parents.ToArray(), keptStart.ToArray(), kept.ToArray(), ofNode);
    }

    /// <summary>Whether two nodes of one level have the same parent and the same pairs.</summary>
    private static bool SamePairs(NGramLevel level, int a, int b)
    {
        int count = level.NodeFirstPair[a + 1] - level.NodeFirstPair[a];
        if (level.NodeParent[a] != level.NodeParent[b] || count != level.NodeFirstPair[b + 1] - level.NodeFirstPair[b])
        {
            return false;
        }

        for (int k = 0; k < count; k++)
        {
            if (level.SymbolOf(level.NodeFirstPair[a] + k) != level.SymbolOf(level.NodeFirstPair[b] + k))
            {
                return false;
            }
        }

        return true;
    }
}
