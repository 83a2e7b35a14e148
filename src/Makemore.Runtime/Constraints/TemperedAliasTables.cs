using System;
using Makemore.Modeling.Tables;

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
        // A context has at most one pair a symbol, and its escape.
        int widest = 0;
        for (int c = 0; c < _graph.NodeCount; c++)
        {
            widest = Math.Max(widest, _graph.PairStart[c + 1] - _graph.PairStart[c]);
        }

        var weights = new double[widest + 1];
        var alias = new VoseAlias(weights.Length);
        for (int c = 0; c < _graph.NodeCount; c++)
        {
            int first = _graph.PairStart[c];
            int pairs = _graph.PairStart[c + 1] - first;
            Array.Copy(tempered.Pair, first, weights, 0, pairs);
            weights[pairs] = _graph.Parent[c] >= 0 ? tempered.EscapeMass[c] : 0;
            alias.Build(weights, 0, pairs + 1);
            for (int j = 0; j <= pairs; j++)
            {
                _entries[first + c + j] = new Entry(alias.Keep[j], alias.Alias[j]);
            }
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

    /// <summary>One column of a context's table: its own entry's share, and the entry it gives the rest to.</summary>
    private readonly record struct Entry(double Keep, int Alias);
}
