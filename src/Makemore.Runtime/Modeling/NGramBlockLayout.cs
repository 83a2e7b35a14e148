// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling;

/// <summary>
/// Where each block of an order-n model's tables goes (see <see cref="NGramTables"/>): the blocks a name is
/// expected to enter most often first, each node followed by its escape table. Sampling an order-6 name visits
/// about nine blocks of a table of megabytes, one dependent load after another, so what decides its speed is how
/// many of those loads hit the core's caches: this order puts the hot blocks together, and the escape table a
/// node goes on to in the same or the next cache line.
/// </summary>
internal static class NGramBlockLayout
{
    /// <summary>
    /// Propagation stops when less than this share of names is still unfinished: the long names left change the
    /// order of blocks few names enter (at order 6 on the lecture's list, stopping at 30 % unfinished gives the
    /// same cache misses in a simulation as stopping at 10^-7, after 10 steps instead of 71).
    /// </summary>
    private const double Unfinished = 0.01;

    /// <summary>A bound on the propagation steps (a name of the lecture's list takes 9 on average).</summary>
    private const int MaxSteps = 400;

    /// <summary>
    /// The expected number of times one name enters each block (nodes 0 … N − 1 by node number, then the escape
    /// tables), from the model's own probabilities: the share of names at each block after t steps, summed over t.
    /// </summary>
    public static double[] ExpectedVisits(NGramModel model, int[] offset, int[][] pairNext, double[] escapeMass, NGramEscapeTables escapes, int start)
    {
        NGramCounts counts = model.Counts;
        int n = counts.Order;
        int nodes = offset[n];
        int blocks = nodes + escapes.Count;

        // The escape tables' weights sum to Σ_kept P(w | parent) + M_parent: the draw's probabilities are over that.
        var tableTotal = new double[escapes.Count];
        var tableLevel = new int[escapes.Count];
        var tableBase = new int[escapes.Count];
        for (int e = 0; e < escapes.Count; e++)
        {
            int parent = escapes.Parent[e];
            int level = 0;
            while (parent >= offset[level + 1])
            {
                level++;
            }

            tableLevel[e] = level;
            tableBase[e] = counts.Levels[level].NodeFirstPair[parent - offset[level]];
            double total = escapeMass[parent];
            for (int k = escapes.KeptStart[e]; k < escapes.KeptStart[e + 1]; k++)
            {
                total += model.Probability[level][tableBase[e] + escapes.Kept[k]];
            }

            tableTotal[e] = total;
        }

        var visits = new double[blocks];
        var flow = new double[blocks];
        var next = new double[blocks];
        flow[start] = 1;
        double unfinished = 1;
        for (int step = 0; step < MaxSteps && unfinished > Unfinished; step++)
        {
            Array.Clear(next, 0, blocks);
            for (int level = 0; level < n; level++)
            {
                NGramLevel l = counts.Levels[level];
                double[] p = model.Probability[level];
                int[] to = pairNext[level];
                for (int i = 0; i < l.NodeCount; i++)
                {
                    int g = offset[level] + i;
                    double f = flow[g];
                    if (f == 0)
                    {
                        continue;
                    }

                    visits[g] += f;
                    for (int pair = l.NodeFirstPair[i]; pair < l.NodeFirstPair[i + 1]; pair++)
                    {
                        if (to[pair] >= 0)
                        {
                            next[to[pair]] += f * p[pair];
                        }
                    }

                    if (escapes.OfNode[g] >= 0)
                    {
                        next[nodes + escapes.OfNode[g]] += f * escapeMass[g];
                    }
                }
            }

            for (int e = 0; e < escapes.Count; e++)
            {
                double f = flow[nodes + e];
                if (f == 0 || !(tableTotal[e] > 0))
                {
                    continue;
                }

                visits[nodes + e] += f;
                double scale = f / tableTotal[e];
                double[] p = model.Probability[tableLevel[e]];
                int[] to = pairNext[tableLevel[e]];
                for (int k = escapes.KeptStart[e]; k < escapes.KeptStart[e + 1]; k++)
                {
                    int pair = tableBase[e] + escapes.Kept[k];
                    if (to[pair] >= 0)
                    {
                        next[to[pair]] += scale * p[pair];
                    }
                }

                int parent = escapes.Parent[e];
                if (escapes.OfNode[parent] >= 0)
                {
                    next[nodes + escapes.OfNode[parent]] += scale * escapeMass[parent];
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

    /// <summary>
    /// Each block's first slot: blocks by expected visits, most first, and a node's escape table right after the
    /// node when the table is not placed yet (a table shared by several nodes follows the most visited of them).
    /// </summary>
    /// <returns>The total number of slots.</returns>
    public static int Place(double[] visits, int[] blockSlots, int nodes, NGramEscapeTables escapes, int[] blockStart)
    {
        int blocks = visits.Length;
        var key = new double[blocks];
        var order = new int[blocks];
        for (int b = 0; b < blocks; b++)
        {
            key[b] = -visits[b];
            order[b] = b;
        }

        Array.Sort(key, order); // ties (blocks no name enters, mostly) keep no particular order, which is harmless
        var placed = new bool[blocks];
        long running = 0;
        foreach (int b in order)
        {
            if (placed[b])
            {
                continue;
            }

            running = Put(b);
            if (b < nodes && escapes.OfNode[b] >= 0 && !placed[nodes + escapes.OfNode[b]])
            {
                running = Put(nodes + escapes.OfNode[b]);
            }
        }

        return running <= NGramTables.MaxSlots
            ? (int)running
            : throw new InvalidOperationException($"The model needs {running} slots; a table holds at most {NGramTables.MaxSlots}.");

        long Put(int block)
        {
            placed[block] = true;
            blockStart[block] = (int)Math.Min(running, int.MaxValue);
            return running + blockSlots[block];
        }
    }
}
