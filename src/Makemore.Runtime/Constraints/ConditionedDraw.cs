using System;

namespace Makemore.Constraints;

/// <summary>
/// One step of a constrained draw: the next symbol after context c at length ℓ, with probability
/// r(w | c) · V(w) / A(c, ℓ), where V(w) is the length table's value of what follows (1 without a table).
/// </summary>
/// <remarks>
/// A uniform u in [0, A(c, ℓ)) walks c's pairs, subtracting each one's weight; what is left belongs to the
/// symbols c has no pair for, which are the parent's other candidates scaled by g(c): u is divided by g(c) and the
/// walk goes on at the parent, skipping the symbols of the context it came from (both lists ascend, so a merge),
/// and so up to a context with every symbol. No table of V entries is built per step, and nothing is allocated.
/// A 53-bit uniform makes each step's probabilities the doubles' to within 2^-53.
/// </remarks>
internal static class ConditionedDraw
{
    /// <summary>The pair (of c or of an ancestor) whose symbol is drawn.</summary>
    public static int Next<TRandom>(ref TRandom random, TemperedGraph tempered, LengthTable? lengths, int context, int length)
        where TRandom : struct, IRandomSource
    {
        ContextGraph graph = tempered.Graph;
        double[] r = tempered.Pair;
        double total = lengths?.Value(context, length) ?? 1;
        double u = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * total;
        int node = context;
        int child = -1;
        int last = -1;
        while (true)
        {
            foreach (int i in graph.PairsBesides(node, child))
            {
                double weight = lengths is null ? r[i] : r[i] * lengths.PairValue(i, length);
                if (weight > 0)
                {
                    last = i;
                    if (u < weight)
                    {
                        return i;
                    }

                    u -= weight;
                }
            }

            int parent = graph.Parent[node];
            if (parent < 0)
            {
                // Only rounding leaves u past the last weight: it belongs to the last symbol that had one.
                return last >= 0 ? last : throw new InvalidOperationException("A constrained draw reached a context with no allowed symbol.");
            }

            u /= tempered.Escape[node];
            child = node;
            node = parent;
        }
    }
}
