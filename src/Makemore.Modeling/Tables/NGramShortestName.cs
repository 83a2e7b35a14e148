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
    private readonly ulong[] _handles;
    private readonly NGramTableFormat _format;
    private readonly int[] _symbol;
    private readonly ulong[] _link;
    private Dictionary<ulong, int>? _nodeOf;

    private NGramShortestName(NGramModel model, int[] offset, ulong[] handles, NGramTableFormat format, int[] symbol, ulong[] link)
    {
        _model = model;
        _offset = offset;
        _handles = handles;
        _format = format;
        _symbol = symbol;
        _link = link;
    }

    /// <exception cref="InvalidOperationException">A context reachable from the start can never lead to the end.</exception>
    public static int Find(NGramModel model, int[] offset, int start, ulong[] handles, NGramTableFormat format, int[] symbol, ulong[] link) =>
        new NGramShortestName(model, offset, handles, format, symbol, link).Find(start);

    [MethodImpl(RunOnce.Optimized)]
    private int Find(int start)
    {
        int nodes = _handles.Length;
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

    /// <summary>The node after w from node c when P(w | c) &gt; 0, else −1 (node numbers, not handles).</summary>
    private int Step(int node, int w)
    {
        if (_nodeOf is null)
        {
            _nodeOf = new Dictionary<ulong, int>(_handles.Length);
            for (int n = 0; n < _handles.Length; n++)
            {
                _nodeOf[_handles[n]] = n;
            }
        }

        while (true)
        {
            // A node's own pairs come first in its block (a merged block holds its escape table's after them).
            ulong handle = _handles[node];
            long first = _format.First(handle);
            int level = NGramTableBuilder.LevelOf(_offset, node);
            int local = node - _offset[level];
            NGramLevel l = _model.Counts.Levels[level];
            int pairs = l.NodeFirstPair[local + 1] - l.NodeFirstPair[local];
            for (long s = first; s < first + pairs; s++)
            {
                if (_symbol[s] == w)
                {
                    int pair = l.NodeFirstPair[local] + (int)(s - first);
                    return _model.Probability[level][pair] > 0 ? _nodeOf[_link[s]] : -1;
                }
            }

            if (!_format.HasEscape(handle) || !(_model.Gamma[level][local] > 0))
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
        var end = new double[_handles.Length];
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
