// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using Makemore.Modeling.Counting;

namespace Makemore.Modeling.Smoothing;

/// <summary>
/// The counts Kneser–Ney discounts and interpolates: raw counts at the top level, continuation counts (distinct
/// preceding symbols) at every lower level.
/// </summary>
internal static class KneserNeyCounts
{
    /// <summary>Adjusted counts per level and pair, over all names.</summary>
    [MethodImpl(RunOnce.Optimized)]
    public static int[][] Adjusted(NGramCounts counts)
    {
        int n = counts.Order;
        var adjusted = new int[n][];
        for (int level = 0; level < n; level++)
        {
            NGramLevel l = counts.Levels[level];
            var a = new int[l.PairCount];
            for (int p = 0; p < l.PairCount; p++)
            {
                a[p] = UsesRawCount(counts, level) ? l.RawCounts[p] : l.DistinctExtensions[p];
            }

            adjusted[level] = a;
        }

        return adjusted;
    }

    /// <summary>
    /// Whether a pair's adjusted count is its raw count: only at the top level. A shorter context that begins with
    /// start tokens keeps its continuation count (1 per symbol seen after it) rather than KenLM's raw count for
    /// &lt;s&gt;-initial n-grams: with makemore's n − 1 start tokens those contexts are copies of the top level's, and
    /// the flatter continuation distribution is measurably better on held-out names (≈ 0.005 nats at order 6).
    /// </summary>
    public static bool UsesRawCount(NGramCounts counts, int level) => level == counts.Order - 1;

    /// <summary>Count-of-counts n1 … n4 per level: [4 L + r − 1] = pairs of level L with adjusted count r.</summary>
    public static long[] CountOfCounts(int[][] adjusted)
    {
        var result = new long[4 * adjusted.Length];
        for (int level = 0; level < adjusted.Length; level++)
        {
            foreach (int a in adjusted[level])
            {
                if (a >= 1 && a <= 4)
                {
                    result[(4 * level) + a - 1]++;
                }
            }
        }

        return result;
    }

    /// <summary>Per node: the total t and how many pairs have count 1, 2 and 3 or more.</summary>
    [MethodImpl(RunOnce.Optimized)]
    public static NodeTotals[] Totals(NGramLevel level, int[] adjusted)
    {
        var totals = new NodeTotals[level.NodeCount];
        for (int node = 0; node < level.NodeCount; node++)
        {
            NodeTotals s = default;
            for (int p = level.NodeFirstPair[node]; p < level.NodeFirstPair[node + 1]; p++)
            {
                s.Add(adjusted[p], 1);
            }

            totals[node] = s;
        }

        return totals;
    }
}

/// <summary>A node's adjusted-count total and its count-of-counts, which make its back-off weight γ.</summary>
internal struct NodeTotals
{
    /// <summary>t: the sum of the node's adjusted counts.</summary>
    public int Total;

    /// <summary>Pairs with count 1.</summary>
    public int Ones;

    /// <summary>Pairs with count 2.</summary>
    public int Twos;

    /// <summary>Pairs with count 3 or more.</summary>
    public int ThreesOrMore;

    /// <summary>Adds (<paramref name="sign"/> = 1) or removes (−1) one pair of adjusted count <paramref name="count"/>.</summary>
    public void Add(int count, int sign)
    {
        Total += sign * count;
        if (count == 1)
        {
            Ones += sign;
        }
        else if (count == 2)
        {
            Twos += sign;
        }
        else if (count >= 3)
        {
            ThreesOrMore += sign;
        }
    }
}
