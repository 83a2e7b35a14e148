// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Collections.Generic;

namespace Makemore.Modeling.Tables;

/// <summary>
/// A bigram model as a graph over its V symbols, with an edge i → j wherever the sampler can draw j after i
/// (symbol 0 is both the start and the end): what names it can produce and whether each one ends.
/// </summary>
internal static class ChainGraph
{
    /// <summary>
    /// Length of the shortest name along the edges: the fewest symbols on a path from 0 back to 0; −1 when no
    /// name can end.
    /// </summary>
    public static int ShortestName(bool[] edges, int vocabularySize)
    {
        int v = vocabularySize;
        if (edges[0])
        {
            return 0;
        }

        // Breadth-first search over symbols: distance = symbols emitted so far.
        var distance = new int[v];
        var queue = new Queue<int>();
        for (int j = 1; j < v; j++)
        {
            distance[j] = edges[j] ? 1 : -1;
            if (edges[j])
            {
                queue.Enqueue(j);
            }
        }

        while (queue.Count > 0)
        {
            int i = queue.Dequeue();
            if (edges[i * v])
            {
                return distance[i];
            }

            for (int j = 1; j < v; j++)
            {
                if (distance[j] < 0 && edges[(i * v) + j])
                {
                    distance[j] = distance[i] + 1;
                    queue.Enqueue(j);
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// The first symbol that a name can reach from the start but from which no path leads to the end, so that a
    /// name reaching it would go on forever; −1 when every name ends (with probability 1).
    /// </summary>
    public static int FirstSymbolThatCannotEnd(bool[] edges, int vocabularySize)
    {
        int v = vocabularySize;
        var reachable = new bool[v];
        var canEnd = new bool[v];
        var queue = new Queue<int>();

        // Forward from the start; stepping into 0 ends a name, so 0 is never expanded again.
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            int i = queue.Dequeue();
            for (int j = 1; j < v; j++)
            {
                if (!reachable[j] && edges[(i * v) + j])
                {
                    reachable[j] = true;
                    queue.Enqueue(j);
                }
            }
        }

        // Backward from the end.
        canEnd[0] = true;
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            int j = queue.Dequeue();
            for (int i = 1; i < v; i++)
            {
                if (!canEnd[i] && edges[(i * v) + j])
                {
                    canEnd[i] = true;
                    queue.Enqueue(i);
                }
            }
        }

        for (int i = 1; i < v; i++)
        {
            if (reachable[i] && !canEnd[i])
            {
                return i;
            }
        }

        return -1;
    }
}
