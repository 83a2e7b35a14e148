// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Smoothing;

namespace Makemore.Modeling.Tables;

/// <summary>
/// The fewest symbols of a name an order-n model's tables can produce, and the check that every context reachable
/// from the start can reach the end (so that sampling ends with probability 1).
/// </summary>
/// <remarks>
/// When every context gives the end a positive probability, as any Kneser–Ney model and additive α &gt; 0 do, the
/// answer is 0 at once. A context that ends in whitespace gives the end probability 0 (no name ends in whitespace),
/// but any other symbol leads from it to a context that can end: such contexts are settled by a few passes rather
/// than a search of the whole graph. Only additive α = 0 leaves contexts that may never end, and then the search
/// from the start runs.
/// </remarks>
internal sealed class NGramShortestName
{
    private readonly NGramModel _model;
    private readonly int[] _offset;
    private readonly bool[] _hasEscape;
    private readonly int[][] _pairNext;

    private NGramShortestName(NGramModel model, int[] offset, bool[] hasEscape, int[][] pairNext)
    {
        _model = model;
        _offset = offset;
        _hasEscape = hasEscape;
        _pairNext = pairNext;
    }

    /// <param name="model">The model.</param>
    /// <param name="offset">The global number of each level's first node.</param>
    /// <param name="start">The node of n − 1 start tokens.</param>
    /// <param name="hasEscape">Per node, whether its block ends in an escape.</param>
    /// <param name="pairNext">Per level and pair, the node its slot links to (−1 after the end symbol).</param>
    /// <exception cref="InvalidOperationException">A context reachable from the start can never lead to the end.</exception>
    public static int Find(NGramModel model, int[] offset, int start, bool[] hasEscape, int[][] pairNext) =>
        new NGramShortestName(model, offset, hasEscape, pairNext).Find(start);

    [MethodImpl(RunOnce.Optimized)]
    private int Find(int start)
    {
        int nodes = _hasEscape.Length;
        int v = _model.VocabularySize;
        var endsNow = new bool[nodes];
        var canEnd = new bool[nodes];
        double[] end = EndProbabilities();
        bool all = true;
        for (int node = 0; node < nodes; node++)
        {
            endsNow[node] = end[node] > 0;
            canEnd[node] = endsNow[node];
            all &= endsNow[node];
        }

        if (all)
        {
            return 0;
        }

        // Settle the contexts that cannot end at once, pass by pass, by any symbol that leads to one that can.
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int node = 0; node < nodes; node++)
            {
                if (canEnd[node])
                {
                    continue;
                }

                for (int w = 1; w < v; w++)
                {
                    int to = Step(node, w);
                    if (to >= 0 && canEnd[to])
                    {
                        canEnd[node] = true;
                        changed = true;
                        break;
                    }
                }
            }
        }

        // Forwards from the start, breadth first: the first context that can end at once gives the length, and every
        // context reached must be able to end.
        var distance = new int[nodes];
        for (int i = 0; i < nodes; i++)
        {
            distance[i] = -1;
        }

        var queue = new Queue<int>();
        distance[start] = 0;
        queue.Enqueue(start);
        int shortest = -1;
        bool everyNodeCanEnd = Array.IndexOf(canEnd, false) < 0;
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            if (!canEnd[node])
            {
                throw new InvalidOperationException(
                    $"The model cannot end a name from a reachable context (node {node}): with additive smoothing α = 0 some context never leads to the end.");
            }

            if (shortest < 0 && endsNow[node])
            {
                shortest = distance[node];
                if (everyNodeCanEnd)
                {
                    break;
                }
            }

            for (int w = 1; w < v; w++)
            {
                int to = Step(node, w);
                if (to >= 0 && distance[to] < 0)
                {
                    distance[to] = distance[node] + 1;
                    queue.Enqueue(to);
                }
            }
        }

        return shortest;
    }

    /// <summary>The node after w from node c when P(w | c) &gt; 0, else −1: the link of w's slot in c's block, or in the blocks its escapes lead to.</summary>
    private int Step(int node, int w)
    {
        while (true)
        {
            // A node's own pairs come first in its block, in symbol order, each linking to its pair's next node.
            int level = NGramTableBuilder.LevelOf(_offset, node);
            int local = node - _offset[level];
            NGramLevel l = _model.Counts.Levels[level];
            for (int pair = l.NodeFirstPair[local]; pair < l.NodeFirstPair[local + 1]; pair++)
            {
                if (l.SymbolOf(pair) == w)
                {
                    return _model.Probability[level][pair] > 0 ? _pairNext[level][pair] : -1;
                }
            }

            if (!_hasEscape[node] || !(_model.Gamma[level][local] > 0))
            {
                return -1;
            }

            node = _offset[level - 1] + l.NodeParent[local];
        }
    }

    /// <summary>
    /// P(end | node) for every node, level by level from the root: a node's pairs are in symbol order, so the end
    /// (symbol 0) is its first pair when it has one; otherwise γ times the parent's.
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    private double[] EndProbabilities()
    {
        var end = new double[_hasEscape.Length];
        NGramCounts counts = _model.Counts;
        for (int level = 0; level < counts.Order; level++)
        {
            NGramLevel l = counts.Levels[level];
            for (int node = 0; node < l.NodeCount; node++)
            {
                int first = l.NodeFirstPair[node];
                end[_offset[level] + node] = first < l.NodeFirstPair[node + 1] && l.SymbolOf(first) == 0
                    ? _model.Probability[level][first]
                    : level == 0 ? _model.Gamma[0][node] / _model.VocabularySize : _model.Gamma[level][node] * end[_offset[level - 1] + l.NodeParent[node]];
            }
        }

        return end;
    }
}
