using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Makemore.NGram;

namespace Makemore.Constraints;

/// <summary>
/// A model's contexts as plain arrays, the form the constrained sampler reasons over (tempering, the length
/// table, the probability of a set of names): each context has its seen pairs (symbol, ln P, the context after
/// the symbol) in ascending symbol order, and — in a context tree — an escape to its parent with ln γ, so that
/// P(w | c) = γ_c · P(w | parent) for every symbol w that is not a pair of c. A dense bigram is the same graph
/// with V contexts and no escapes.
/// </summary>
/// <remarks>
/// Built once per model (from its tables, so a generated model and a run-time one give the same graph) and kept
/// for the model's lifetime: a generated model's is kept for the process.
/// </remarks>
internal sealed class ContextGraph
{
    /// <summary>The context after the end symbol: none.</summary>
    public const int Ended = -1;

    private static readonly ConditionalWeakTable<object, ContextGraph> Cache = new();

    private TemperedGraph? _atOne;

    private ContextGraph(int nodeCount, int startNode, int[] pairStart, ushort[] pairSymbol, int[] pairNext, double[] pairLogProbability, int[] parent, double[] escapeLog)
    {
        NodeCount = nodeCount;
        StartNode = startNode;
        PairStart = pairStart;
        PairSymbol = pairSymbol;
        PairNext = pairNext;
        PairLogProbability = pairLogProbability;
        Parent = parent;
        EscapeLog = escapeLog;
        ParentsFirst = OrderParentsFirst(parent);
    }

    /// <summary>Number of contexts.</summary>
    public int NodeCount { get; }

    /// <summary>The context every name starts from.</summary>
    public int StartNode { get; }

    /// <summary>Node c's pairs are <c>PairStart[c] .. PairStart[c + 1] − 1</c>.</summary>
    public int[] PairStart { get; }

    /// <summary>Each pair's symbol, ascending within a node.</summary>
    public ushort[] PairSymbol { get; }

    /// <summary>Each pair's next context (<see cref="Ended"/> after the end symbol 0).</summary>
    public int[] PairNext { get; }

    /// <summary>Each pair's ln P(w | c).</summary>
    public double[] PairLogProbability { get; }

    /// <summary>Each node's parent, −1 for a node with every symbol as a pair.</summary>
    public int[] Parent { get; }

    /// <summary>Each node's ln γ (meaningless without a parent).</summary>
    public double[] EscapeLog { get; }

    /// <summary>Every node, each after its parent.</summary>
    public int[] ParentsFirst { get; }

    /// <summary>The graph of a model, built on first use and kept for as long as <paramref name="owner"/> lives.</summary>
    public static ContextGraph Of(scoped in ModelTables tables, object owner)
    {
        if (Cache.TryGetValue(owner, out ContextGraph? graph))
        {
            return graph;
        }

        graph = tables.IsTree ? FromTree(tables.Tree) : FromBigram(tables.LogProbabilities, tables.VocabularySize);
        return Cache.GetValue(owner, _ => graph);
    }

    /// <summary>The model at temperature <paramref name="temperature"/>; the one at 1 is made once and kept.</summary>
    public TemperedGraph AtTemperature(double temperature)
    {
        if (temperature != 1)
        {
            return new TemperedGraph(this, temperature);
        }

        return _atOne ??= new TemperedGraph(this, 1);
    }

    /// <summary>
    /// The pairs of <paramref name="node"/> whose symbol is not a pair of <paramref name="child"/> (−1: every pair):
    /// a node's candidates after an escape from the child below it, whose own pairs were weighed there.
    /// </summary>
    public OtherPairs PairsBesides(int node, int child) => new(this, node, child);

    /// <summary>The pair of node <paramref name="node"/> for symbol <paramref name="symbol"/>, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindPair(int node, int symbol)
    {
        int start = PairStart[node];
        int found = PairSymbol.AsSpan(start, PairStart[node + 1] - start).BinarySearch((ushort)symbol);
        return found < 0 ? -1 : start + found;
    }

    private static ContextGraph FromBigram(ReadOnlySpan<double> logProbabilities, int v)
    {
        var pairStart = new int[v + 1];
        var symbols = new List<ushort>();
        var next = new List<int>();
        var logs = new List<double>();
        for (int c = 0; c < v; c++)
        {
            pairStart[c] = symbols.Count;
            for (int w = 0; w < v; w++)
            {
                double lp = logProbabilities[(c * v) + w];
                if (!double.IsNegativeInfinity(lp))
                {
                    symbols.Add((ushort)w);
                    next.Add(w == 0 ? Ended : w);
                    logs.Add(lp);
                }
            }
        }

        pairStart[v] = symbols.Count;
        var parent = new int[v];
        parent.AsSpan().Fill(-1);
        return new ContextGraph(v, 0, pairStart, [.. symbols], [.. next], [.. logs], parent, new double[v]);
    }

    private static ContextGraph FromTree(scoped in NGramTable table)
    {
        // Breadth-first from the start over pair links and escapes: every context a name can reach. A block merged
        // with its own escape table (its escape slot's symbol field counts its own pairs, 0 in other blocks) is two
        // contexts here: the node, whose escape (ln γ_c, in the holder slot before the escape) leads to the table,
        // and the table (the parent's other pairs at ln P(w | parent)), whose escape leads on. Keys are handles,
        // with the top bit (above any handle) set for a merged block's table.
        const ulong TablePart = 1UL << 63;
        var index = new Dictionary<ulong, int>();
        var keys = new List<ulong>();
        var ranges = new List<(int Start, int End, int EscapeLog, ulong Parent)>();
        Visit(table.StartHandle);
        for (int n = 0; n < keys.Count; n++)
        {
            ulong key = keys[n];
            ulong handle = key & ~TablePart;
            int first = table.First(handle);
            int pairs = table.Pairs(handle);
            int escape = first + pairs;
            bool hasEscape = pairs < table.Count(handle);
            int own = hasEscape ? table.SymbolAt(escape) : 0;
            (int Start, int End, int EscapeLog, ulong Parent) range =
                (key & TablePart) != 0 ? (first + own, escape - 1, escape, table.LinkAt(escape))
                : own > 0 ? (first, first + own, escape - 1, key | TablePart)
                : (first, escape, hasEscape ? escape : -1, hasEscape ? table.LinkAt(escape) : 0);
            ranges.Add(range);
            for (int i = range.Start; i < range.End; i++)
            {
                if (table.SymbolAt(i) != 0)
                {
                    Visit(table.LinkAt(i));
                }
            }

            if (range.EscapeLog >= 0)
            {
                Visit(range.Parent);
            }
        }

        int nodes = keys.Count;
        var pairStart = new int[nodes + 1];
        for (int n = 0; n < nodes; n++)
        {
            pairStart[n + 1] = pairStart[n] + (ranges[n].End - ranges[n].Start);
        }

        var symbols = new ushort[pairStart[nodes]];
        var next = new int[symbols.Length];
        var logs = new double[symbols.Length];
        var parent = new int[nodes];
        var escapeLog = new double[nodes];
        for (int n = 0; n < nodes; n++)
        {
            (int start, int end, int escapeAt, ulong parentKey) = ranges[n];
            for (int i = start; i < end; i++)
            {
                int w = table.SymbolAt(i);
                int k = pairStart[n] + (i - start);
                symbols[k] = (ushort)w;
                next[k] = w == 0 ? Ended : index[table.LinkAt(i)];
                logs[k] = table.LogProbabilities[i];
            }

            parent[n] = escapeAt >= 0 ? index[parentKey] : -1;
            escapeLog[n] = escapeAt >= 0 ? table.LogProbabilities[escapeAt] : double.NegativeInfinity;
        }

        return new ContextGraph(nodes, 0, pairStart, symbols, next, logs, parent, escapeLog);

        void Visit(ulong key)
        {
            if (!index.ContainsKey(key))
            {
                index.Add(key, keys.Count);
                keys.Add(key);
            }
        }
    }

    private static int[] OrderParentsFirst(int[] parent)
    {
        var depth = new int[parent.Length];
        depth.AsSpan().Fill(-1);
        int deepest = 0;
        for (int n = 0; n < parent.Length; n++)
        {
            deepest = Math.Max(deepest, DepthOf(n));
        }

        // A counting sort by depth.
        var start = new int[deepest + 2];
        foreach (int d in depth)
        {
            start[d + 1]++;
        }

        for (int d = 0; d <= deepest; d++)
        {
            start[d + 1] += start[d];
        }

        var order = new int[parent.Length];
        for (int n = 0; n < parent.Length; n++)
        {
            order[start[depth[n]]++] = n;
        }

        return order;

        int DepthOf(int n)
        {
            // Parent chains are at most the order long: a plain walk, then the depths along it.
            int d = 0;
            int x = n;
            while (depth[x] < 0 && parent[x] >= 0)
            {
                x = parent[x];
                d++;
            }

            int top = depth[x] < 0 ? 0 : depth[x];
            int total = top + d;
            for (int y = n, k = total; depth[y] < 0; y = parent[y], k--)
            {
                depth[y] = k;
                if (parent[y] < 0)
                {
                    break;
                }
            }

            return total;
        }
    }

    /// <summary>Walks a node's pairs, skipping the child's symbols: both lists ascend, so one merge, nothing allocated.</summary>
    public struct OtherPairs
    {
        private readonly ushort[] _symbols;
        private readonly int _end;
        private readonly int _childEnd;
        private int _pair;
        private int _childPair;

        internal OtherPairs(ContextGraph graph, int node, int child)
        {
            _symbols = graph.PairSymbol;
            _pair = graph.PairStart[node] - 1;
            _end = graph.PairStart[node + 1];
            _childPair = child >= 0 ? graph.PairStart[child] : 0;
            _childEnd = child >= 0 ? graph.PairStart[child + 1] : 0;
        }

        /// <summary>The current pair's index.</summary>
        public readonly int Current => _pair;

        public readonly OtherPairs GetEnumerator() => this;

        public bool MoveNext()
        {
            while (++_pair < _end)
            {
                ushort w = _symbols[_pair];
                while (_childPair < _childEnd && _symbols[_childPair] < w)
                {
                    _childPair++;
                }

                if (_childPair == _childEnd || _symbols[_childPair] != w)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
