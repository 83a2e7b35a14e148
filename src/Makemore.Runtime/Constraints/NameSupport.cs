using System;

namespace Makemore.Constraints;

/// <summary>
/// How many different names a model can produce under a prefix and lengths: the support of the distribution a
/// constrained draw follows, counted exactly from the tempered model's transitions of positive probability, so
/// that <c>SampleUnique</c> can refuse a count above it at once instead of drawing towards it for minutes.
/// </summary>
/// <remarks>
/// <para>
/// Each name is one path through the context graph (its symbols decide the contexts), so the count is a dynamic
/// program over (context, length) with LengthTable's recursion, each transition weighing 1 or 0 instead of its
/// probability: N(c, ℓ) = Σ over the symbols drawable after c of N(c·w, ℓ + 1), the end counting 1 where ℓ is an
/// allowed length. Sums of non-negative doubles: exact below 2^53, saturating to +∞, never below a count it has
/// passed, so comparing with any int count is exact.
/// </para>
/// <para>
/// Without a maximum length, the lengths from the minimum on all count, so the layers stop at the minimum and
/// above it take C(c), every name that goes on from c: iterated, C_k holding the names of at most k more symbols,
/// until it stops changing (finitely many, exact) or <see cref="MaxIterations"/> pass or it overflows (taken as
/// infinitely many: such a model has a cycle through which names grow without end).
/// </para>
/// </remarks>
internal static class NameSupport
{
    /// <summary>The iterations spent looking for a finite count of names without a maximum length.</summary>
    public const int MaxIterations = 256;

    /// <summary>The number of names from context <paramref name="start"/> (after a prefix of <paramref name="from"/> characters) with a length from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static double Count(TemperedGraph tempered, int start, int from, int min, int max)
    {
        ContextGraph graph = tempered.Graph;
        int nodes = graph.NodeCount;
        double[] beyond = new double[nodes];
        int top = max;
        if (max == int.MaxValue)
        {
            top = Math.Max(min, from) - 1;
            if (!Completions(tempered, beyond))
            {
                return double.PositiveInfinity;
            }
        }

        double[] next = beyond;
        var current = new double[nodes];
        var escaped = new double[nodes];
        var weighted = new double[graph.PairSymbol.Length];
        for (int length = top; length >= from; length--)
        {
            double end = length >= min && length <= max ? 1 : 0;
            Layer(tempered, end, next, current, escaped, weighted);
            (next, current) = (current, next); // beyond is read by the first layer only
        }

        return next[start];
    }

    /// <summary>
    /// Fills <paramref name="completions"/> with every context's number of names of any length from it; false when
    /// it does not settle (more names than iterations can tell apart from infinitely many).
    /// </summary>
    private static bool Completions(TemperedGraph tempered, double[] completions)
    {
        int nodes = tempered.Graph.NodeCount;
        var previous = new double[nodes];
        var escaped = new double[nodes];
        var weighted = new double[tempered.Graph.PairSymbol.Length];
        for (int k = 0; k < MaxIterations; k++)
        {
            Layer(tempered, 1, previous, completions, escaped, weighted);
            if (completions.AsSpan().SequenceEqual(previous))
            {
                return true;
            }

            foreach (double value in completions)
            {
                if (double.IsPositiveInfinity(value))
                {
                    return false;
                }
            }

            completions.AsSpan().CopyTo(previous);
        }

        return false;
    }

    /// <summary>
    /// One layer: <paramref name="layer"/>[c] = Σ over the symbols drawable after c of the end's count
    /// (<paramref name="end"/>) or <paramref name="next"/>[c·w], through the escapes as LengthTable sums them.
    /// </summary>
    private static void Layer(TemperedGraph tempered, double end, double[] next, double[] layer, double[] escaped, double[] weighted)
    {
        ContextGraph graph = tempered.Graph;
        double[] pair = tempered.Pair;
        for (int i = 0; i < weighted.Length; i++)
        {
            weighted[i] = !(pair[i] > 0) ? 0 : graph.PairSymbol[i] == 0 ? end : next[graph.PairNext[i]];
        }

        foreach (int c in graph.ParentsFirst)
        {
            double sum = 0;
            for (int i = graph.PairStart[c]; i < graph.PairStart[c + 1]; i++)
            {
                sum += weighted[i];
            }

            int parent = graph.Parent[c];
            escaped[c] = 0;
            if (parent >= 0 && tempered.Escape[c] > 0)
            {
                double other = escaped[parent];
                foreach (int i in graph.PairsBesides(parent, c))
                {
                    other += weighted[i];
                }

                escaped[c] = other;
                sum += other;
            }

            layer[c] = sum;
        }
    }

    /// <summary>
    /// Whether the tempered model can draw <paramref name="symbol"/> after context <paramref name="node"/>: its pair
    /// in the nearest context that has one, reached through escapes of positive probability (whose product may
    /// underflow where each factor does not); the pair, or −1.
    /// </summary>
    public static int DrawablePair(TemperedGraph tempered, int node, int symbol)
    {
        ContextGraph graph = tempered.Graph;
        while (true)
        {
            int pair = graph.FindPair(node, symbol);
            if (pair >= 0)
            {
                return tempered.Pair[pair] > 0 ? pair : -1;
            }

            int parent = graph.Parent[node];
            if (parent < 0 || !(tempered.Escape[node] > 0))
            {
                return -1;
            }

            node = parent;
        }
    }
}
