// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Smoothing;

namespace Makemore.Modeling.Tables;

/// <summary>
/// Where each block of an order-n model's tables goes (see <see cref="NGramTables"/>): the blocks a name is
/// expected to enter most often first, a node that is not merged followed by its escape table. Sampling an order-6
/// name visits about eight blocks of a table of megabytes, one dependent load after another, so what decides its
/// speed is how many of those loads hit the core's caches: this order puts the hot blocks together, and the escape
/// table a node goes on to in the same or the next cache line.
/// </summary>
internal sealed class NGramBlockLayout
{
    /// <summary>
    /// Propagation stops when less than this share of names is still unfinished: the long names left change the
    /// order of blocks few names enter (at order 6 on the lecture's list, stopping at 30 % unfinished gives the
    /// same cache misses in a simulation as stopping at 10^-7, after 10 steps instead of 71). A model's first use
    /// pays for every step.
    /// </summary>
    private const double Unfinished = 0.3;

    /// <summary>A bound on the propagation steps (an order-6 name of the lecture's list takes about 8).</summary>
    private const int MaxSteps = 400;

    private readonly NGramModel _model;
    private readonly int[] _offset;
    private readonly int[][] _pairNext;
    private readonly double[] _escapeMass;
    private readonly NGramEscapeTables _escapes;
    private readonly bool[] _merged;
    private readonly double[] _tableTotal;
    private readonly int[] _tableLevel;
    private readonly int[] _tableBase;
    private readonly bool _escapeTables;

    /// <summary>The model's blocks: nodes (merged with their escape table or not) and escape tables.</summary>
    /// <param name="model">The model.</param>
    /// <param name="offset">The global number of each level's first node.</param>
    /// <param name="pairNext">Per level and pair, the node after its symbol (−1 after the end symbol).</param>
    /// <param name="escapeMass">Per node, M_c = 1 − Σ_pairs P(w | c) (0 without an escape).</param>
    /// <param name="escapes">The escape tables.</param>
    /// <param name="merged">Per node, whether its block holds its escape table's pairs too.</param>
    /// <param name="escapeTables">Whether escapes lead to escape tables, or (wide tables) draw from the parent's block.</param>
    [MethodImpl(RunOnce.Optimized)]
    public NGramBlockLayout(NGramModel model, int[] offset, int[][] pairNext, double[] escapeMass, NGramEscapeTables escapes, bool[] merged, bool escapeTables = true)
    {
        _escapeTables = escapeTables;
        _model = model;
        _offset = offset;
        _pairNext = pairNext;
        _escapeMass = escapeMass;
        _escapes = escapes;
        _merged = merged;
        _tableTotal = new double[escapes.Count];
        _tableLevel = new int[escapes.Count];
        _tableBase = new int[escapes.Count];
        for (int e = 0; e < escapes.Count; e++)
        {
            int parent = escapes.Parent[e];
            int level = 0;
            while (parent >= offset[level + 1])
            {
                level++;
            }

            _tableLevel[e] = level;
            _tableBase[e] = model.Counts.Levels[level].NodeFirstPair[parent - offset[level]];
            double total = escapeMass[parent];
            for (int k = escapes.KeptStart[e]; k < escapes.KeptStart[e + 1]; k++)
            {
                total += model.Probability[level][_tableBase[e] + escapes.Kept[k]];
            }

            _tableTotal[e] = total;
        }
    }

    /// <summary>Z of escape table e: Σ_kept P(w | parent) + M_parent, what its weights sum to (1 − Σ_{w ∈ pairs(c)} P(w | parent)).</summary>
    public double TableTotal(int e) => _tableTotal[e];

    /// <summary>
    /// The expected number of times one name enters each block (nodes 0 … N − 1 by node number, then the escape
    /// tables), from the model's own probabilities: the share of names at each block after t steps, summed over t.
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    public double[] ExpectedVisits(int start)
    {
        NGramCounts counts = _model.Counts;
        int n = counts.Order;
        int nodes = _offset[n];
        int blocks = nodes + _escapes.Count;
        var visits = new double[blocks];
        var flow = new double[blocks];
        var next = new double[blocks];
        flow[start] = 1;
        double unfinished = 1;
        // Each step reads every block's flow once and leaves it 0, so the array is clear when it becomes the next one.
        for (int step = 0; step < MaxSteps && unfinished > Unfinished; step++)
        {
            for (int level = 0; level < n; level++)
            {
                NGramLevel l = counts.Levels[level];
                double[] p = _model.Probability[level];
                int[] to = _pairNext[level];
                for (int i = 0; i < l.NodeCount; i++)
                {
                    int g = _offset[level] + i;
                    double f = flow[g];
                    if (f == 0)
                    {
                        continue;
                    }

                    flow[g] = 0;
                    visits[g] += f;
                    for (int pair = l.NodeFirstPair[i]; pair < l.NodeFirstPair[i + 1]; pair++)
                    {
                        if (to[pair] >= 0)
                        {
                            next[to[pair]] += f * p[pair];
                        }
                    }

                    int e = _escapes.OfNode[g];
                    if (e < 0)
                    {
                        if (!_escapeTables && level > 0)
                        {
                            next[_offset[level - 1] + l.NodeParent[i]] += f * _escapeMass[g]; // on to the parent's block
                        }

                        continue;
                    }

                    if (_merged[g])
                    {
                        Spread(e, f * _escapeMass[g], next, nodes);
                    }
                    else
                    {
                        next[nodes + e] += f * _escapeMass[g];
                    }
                }
            }

            for (int e = 0; e < _escapes.Count; e++)
            {
                double f = flow[nodes + e];
                if (f != 0)
                {
                    flow[nodes + e] = 0;
                    visits[nodes + e] += f;
                    Spread(e, f, next, nodes);
                }
            }

            unfinished = 0;
            for (int b = 0; b < blocks; b++)
            {
                unfinished += next[b];
            }

            (flow, next) = (next, flow);
        }

        return visits;
    }

    /// <summary>A draw from escape table e (its own block or merged into a node's), entered <paramref name="f"/> times.</summary>
    [MethodImpl(RunOnce.Optimized)]
    private void Spread(int e, double f, double[] next, int nodes)
    {
        if (!(_tableTotal[e] > 0))
        {
            return;
        }

        double scale = f / _tableTotal[e];
        double[] p = _model.Probability[_tableLevel[e]];
        int[] to = _pairNext[_tableLevel[e]];
        for (int k = _escapes.KeptStart[e]; k < _escapes.KeptStart[e + 1]; k++)
        {
            int pair = _tableBase[e] + _escapes.Kept[k];
            if (to[pair] >= 0)
            {
                next[to[pair]] += scale * p[pair];
            }
        }

        int parent = _escapes.Parent[e];
        if (_escapes.OfNode[parent] >= 0)
        {
            next[nodes + _escapes.OfNode[parent]] += scale * _escapeMass[parent];
        }
    }

    /// <summary>
    /// Each block's first slot: blocks by expected visits, most first, and the escape table of a node that is not
    /// merged right after the node when the table is not placed yet (a table shared by several nodes follows the most
    /// visited of them). Blocks of no slots (escape tables that live only inside merged nodes) are not placed.
    /// </summary>
    /// <returns>The total number of slots.</returns>
    [MethodImpl(RunOnce.Optimized)]
    public static long Place(double[] visits, int[] blockSlots, int nodes, NGramEscapeTables escapes, bool[] merged, int[] blockStart)
    {
        int blocks = visits.Length;
        var key = new ulong[blocks];
        var order = new int[blocks];
        for (int b = 0; b < blocks; b++)
        {
            // Visits are finite and not negative, so their bits rise with them: complemented, they sort most visited
            // first, ties (blocks no name enters, mostly) by block number.
            key[b] = ~(ulong)BitConverter.DoubleToInt64Bits(visits[b]);
            order[b] = b;
        }

        var keyScratch = new ulong[blocks];
        var orderScratch = new int[blocks];
        RadixSort.Sort(ref key, ref order, 64, ref keyScratch, ref orderScratch);
        var placed = new bool[blocks];
        long running = 0;
        foreach (int b in order)
        {
            if (placed[b] || blockSlots[b] == 0)
            {
                continue; // placed with its node, or an escape table no block leads to (it is merged into its nodes)
            }

            running = Put(b);
            if (b < nodes && !merged[b] && escapes.OfNode[b] >= 0 && !placed[nodes + escapes.OfNode[b]])
            {
                running = Put(nodes + escapes.OfNode[b]);
            }
        }

        return running;

        long Put(int block)
        {
            placed[block] = true;
            blockStart[block] = (int)Math.Min(running, int.MaxValue);
            return running + blockSlots[block];
        }
    }
}
