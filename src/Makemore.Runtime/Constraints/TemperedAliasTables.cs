using System;
using System.Collections.Generic;

namespace Makemore.Constraints;

/// <summary>
/// A tempered model's draws by alias tables, for a temperature without a length bound: each context's pairs and
/// its escape in one table, so that a step is a load or two instead of a walk over the context's pairs.
/// </summary>
/// <remarks>
/// <para>
/// Context c's table holds its pairs at r(w | c) and, last, its escape at the tempered mass of the symbols it has
/// no pair for. An escape draws at the parent from the parent's whole distribution and keeps the result only when
/// c has no pair for its symbol, drawing at the parent again otherwise: a symbol w that is not c's comes with
/// probability g(c) · r(w | parent), which is r(w | c) (<see cref="TemperedGraph"/>). The parent's own escapes do
/// the same one level up, so every step follows the tempered model exactly, to the doubles' rounding.
/// </para>
/// <para>
/// The tables are made once per temperature and model, when options with that temperature first serve the model:
/// 12 bytes for each pair and each context.
/// </para>
/// </remarks>
internal sealed class TemperedAliasTables
{
    private readonly ContextGraph _graph;

    // Context c's entries are [PairStart[c] + c, PairStart[c + 1] + c + 1): one per pair, then its escape. A column
    // keeps its own entry below its threshold and takes its alias above, both read from one place.
    private readonly Entry[] _entries;

    public TemperedAliasTables(TemperedGraph tempered)
    {
        _graph = tempered.Graph;
        int entries = _graph.PairSymbol.Length + _graph.NodeCount;
        _entries = new Entry[entries];
        var weights = new List<double>();
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int c = 0; c < _graph.NodeCount; c++)
        {
            weights.Clear();
            for (int i = _graph.PairStart[c]; i < _graph.PairStart[c + 1]; i++)
            {
                weights.Add(tempered.Pair[i]);
            }

            weights.Add(_graph.Parent[c] >= 0 ? tempered.EscapeMass[c] : 0);
            Build(weights, _graph.PairStart[c] + c, small, large);
        }
    }

    /// <summary>The pair (of <paramref name="context"/> or of an ancestor) whose symbol comes next.</summary>
    public int Next<TRandom>(ref TRandom random, int context)
        where TRandom : struct, IRandomSource =>
        Draw(ref random, context, -1);

    // A draw from node's whole tempered distribution, again until its symbol is not a pair of `besides` (−1: none).
    private int Draw<TRandom>(ref TRandom random, int node, int besides)
        where TRandom : struct, IRandomSource
    {
        int first = _graph.PairStart[node];
        int count = _graph.PairStart[node + 1] - first + 1;
        int start = first + node;
        while (true)
        {
            double x = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * count;
            int column = Math.Min((int)x, count - 1);
            ref readonly Entry drawn = ref _entries[start + column];
            int entry = x - column < drawn.Keep ? column : drawn.Alias;
            int pair = entry < count - 1 ? first + entry : Draw(ref random, _graph.Parent[node], node);
            if (besides < 0 || _graph.FindPair(besides, _graph.PairSymbol[pair]) < 0)
            {
                return pair;
            }
        }
    }

    /// <summary>
    /// The probability with which <see cref="Next"/> draws <paramref name="symbol"/> after <paramref name="context"/>,
    /// worked out from the tables themselves (each entry's share of its columns), for the tests to hold against the
    /// tempered model.
    /// </summary>
    internal double RealizedProbability(int context, int symbol)
    {
        int first = _graph.PairStart[context];
        int count = _graph.PairStart[context + 1] - first + 1;
        int pair = _graph.FindPair(context, symbol);
        double own = pair >= 0 ? EntryProbability(context, pair - first) : 0;
        int parent = _graph.Parent[context];
        if (parent < 0 || pair >= 0)
        {
            return own;
        }

        // The parent's draws are kept when their symbol is not one of this context's pairs.
        double kept = 1;
        for (int i = first; i < first + count - 1; i++)
        {
            kept -= RealizedProbability(parent, _graph.PairSymbol[i]);
        }

        return EntryProbability(context, count - 1) * RealizedProbability(parent, symbol) / kept;
    }

    private double EntryProbability(int node, int entry)
    {
        int start = _graph.PairStart[node] + node;
        int count = _graph.PairStart[node + 1] + node + 1 - start;
        double p = _entries[start + entry].Keep;
        for (int j = 0; j < count; j++)
        {
            Entry other = _entries[start + j];
            p += other.Alias == entry && j != entry ? 1 - other.Keep : 0;
        }

        return p / count;
    }

    // Vose's alias method over one context's weights, into its entries from `start`.
    private void Build(List<double> weights, int start, Stack<int> small, Stack<int> large)
    {
        int n = weights.Count;
        double sum = 0;
        foreach (double w in weights)
        {
            sum += w;
        }

        var scaled = new double[n];
        for (int i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / sum;
            (scaled[i] < 1 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop();
            int l = large.Pop();
            _entries[start + s] = new Entry(scaled[s], l);
            scaled[l] -= 1 - scaled[s];
            (scaled[l] < 1 ? small : large).Push(l);
        }

        // What is left is 1 up to rounding: kept whole.
        while (large.Count > 0)
        {
            int l = large.Pop();
            _entries[start + l] = new Entry(1, l);
        }

        while (small.Count > 0)
        {
            int s = small.Pop();
            _entries[start + s] = new Entry(1, s);
        }
    }

    /// <summary>One column of a context's table: its own entry's share, and the entry it gives the rest to.</summary>
    private readonly record struct Entry(double Keep, int Alias);
}
