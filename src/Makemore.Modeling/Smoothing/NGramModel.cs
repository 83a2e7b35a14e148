// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Planning;

namespace Makemore.Modeling.Smoothing;

/// <summary>
/// A smoothed order-n model as an interpolated tree of contexts, in double precision: the form both smoothings
/// take, from which the sampling and scoring tables are made.
/// </summary>
/// <remarks>
/// <para>
/// Every node (a context seen in the names, and all its suffixes) has a back-off weight γ and, for each symbol
/// w seen after it, a directly assigned mass α(w); P(w | c) = α_c(w) + γ_c P(w | parent(c)), where the parent is
/// c without its oldest symbol, and below the root (the empty context) the uniform distribution over the V
/// symbols. For every node Σ α + γ = 1, so every P(· | c) sums to 1. A history that is not a node uses its
/// longest suffix that is one.
/// </para>
/// <para>
/// Kneser–Ney: α = (a − D(a)) / (t + θ) and γ = (θ + D1 N1 + D2 N2 + D3+ N3+) / (t + θ) with the node's adjusted
/// counts a, their total t and count-of-counts N1, N2, N3+ (<see cref="KneserNeyCounts"/>) and the level's
/// parameters (<see cref="KneserNeyParameters"/>). Additive α: at the full context
/// α = c / (C + αV) and γ = αV / (C + αV), which with the uniform parent gives (c + α) / (C + αV) exactly; the
/// shorter contexts are pass-through nodes (α = 0, γ = 1), kept so that the tree has the same shape for both
/// smoothings. A context never seen is therefore uniform, also when α = 0 (the limit of the formula as α → 0).
/// </para>
/// </remarks>
internal sealed class NGramModel
{
    [MethodImpl(RunOnce.Optimized)]
    private NGramModel(NGramCounts counts, NGramSmoothingKind kind, double additive, KneserNeyParameters? parameters, double[][] alpha, double[][] gamma)
    {
        Counts = counts;
        Kind = kind;
        AdditiveSmoothing = additive;
        Parameters = parameters;
        Alpha = alpha;
        Gamma = gamma;
        int v = counts.VocabularySize;
        Probability = new double[counts.Order][];
        for (int level = 0; level < counts.Order; level++)
        {
            NGramLevel l = counts.Levels[level];
            var p = new double[l.PairCount];
            for (int pair = 0; pair < l.PairCount; pair++)
            {
                double lower = level == 0 ? 1.0 / v : Probability[level - 1][l.SuffixPair[pair]];
                p[pair] = alpha[level][pair] + (gamma[level][l.NodeOfPair[pair]] * lower);
            }

            Probability[level] = p;
            if (level == 1)
            {
                ZeroStructuralPairs(l, alpha[level], gamma[level], p);
            }
        }
    }

    public NGramCounts Counts { get; }

    public NGramSmoothingKind Kind { get; }

    /// <summary>α of additive smoothing (0 for Kneser–Ney).</summary>
    public double AdditiveSmoothing { get; }

    /// <summary>The parameters of a Kneser–Ney model, or null.</summary>
    public KneserNeyParameters? Parameters { get; }

    /// <summary>n.</summary>
    public int Order => Counts.Order;

    /// <summary>V.</summary>
    public int VocabularySize => Counts.VocabularySize;

    /// <summary>α per level and pair.</summary>
    public double[][] Alpha { get; }

    /// <summary>γ per level and node.</summary>
    public double[][] Gamma { get; }

    /// <summary>The full interpolated P(w | context) per level and pair.</summary>
    public double[][] Probability { get; }

    /// <summary>
    /// Gives the structural zeros of level 1 (<see cref="NGramCounts"/>: whitespace after the start, the end after
    /// whitespace) probability 0 and renormalises their contexts: every other pair's P, α and γ divided by
    /// Z = 1 − Σ_zeros P, which keeps P = α + γ P_parent for the rest. Level 1 is done before the levels above it are
    /// computed, which take P(w | context) from here: a longer context that ends the same way then gives the
    /// zeros probability 0 too (its own count of them is 0 and its parent's P is 0).
    /// </summary>
    private static void ZeroStructuralPairs(NGramLevel level, double[] alpha, double[] gamma, double[] p)
    {
        for (int node = 0; node < level.NodeCount; node++)
        {
            double zeroed = 0;
            for (int pair = level.NodeFirstPair[node]; pair < level.NodeFirstPair[node + 1]; pair++)
            {
                if (level.RawCounts[pair] == 0)
                {
                    zeroed += p[pair];
                }
            }

            if (zeroed == 0)
            {
                continue;
            }

            double scale = 1 / (1 - zeroed);
            for (int pair = level.NodeFirstPair[node]; pair < level.NodeFirstPair[node + 1]; pair++)
            {
                bool zero = level.RawCounts[pair] == 0;
                p[pair] = zero ? 0 : p[pair] * scale;
                alpha[pair] = zero ? 0 : alpha[pair] * scale;
            }

            gamma[node] *= scale;
        }
    }

    /// <summary>Additive smoothing with α ≥ 0.</summary>
    /// <param name="counts">The counts.</param>
    /// <param name="smoothing">α.</param>
    /// <param name="level">
    /// The level whose contexts are smoothed (the top one by default); the others pass their parent's distribution
    /// through. Level 1 in a tree of any order is the lecture's bigram, which a Kneser–Ney list of one name falls back
    /// to (<see cref="ModelPlan"/>).
    /// </param>
    [MethodImpl(RunOnce.Optimized)]
    public static NGramModel Additive(NGramCounts counts, double smoothing, int level = -1)
    {
        if (!(smoothing >= 0) || double.IsInfinity(smoothing))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "Smoothing must be a finite, non-negative number.");
        }

        int n = counts.Order;
        int v = counts.VocabularySize;
        int smoothed = level < 0 ? n - 1 : Math.Min(level, n - 1);
        var alpha = new double[n][];
        var gamma = new double[n][];
        for (level = 0; level < n; level++)
        {
            NGramLevel l = counts.Levels[level];
            alpha[level] = new double[l.PairCount];
            gamma[level] = new double[l.NodeCount];
            for (int node = 0; node < l.NodeCount; node++)
            {
                if (level != smoothed)
                {
                    gamma[level][node] = 1;
                    continue;
                }

                long total = 0;
                for (int p = l.NodeFirstPair[node]; p < l.NodeFirstPair[node + 1]; p++)
                {
                    total += l.RawCounts[p];
                }

                double denominator = total + (smoothing * v);
                for (int p = l.NodeFirstPair[node]; p < l.NodeFirstPair[node + 1]; p++)
                {
                    alpha[level][p] = l.RawCounts[p] / denominator;
                }

                gamma[level][node] = smoothing * v / denominator;
            }
        }

        return new NGramModel(counts, NGramSmoothingKind.Additive, smoothing, null, alpha, gamma);
    }

    /// <summary>Interpolated modified Kneser–Ney with the given parameters (see <see cref="KneserNeyParameters"/>).</summary>
    [MethodImpl(RunOnce.Optimized)]
    public static NGramModel KneserNey(NGramCounts counts, KneserNeyParameters parameters)
    {
        int n = counts.Order;
        if (parameters.Levels != n)
        {
            throw new ArgumentException($"An order-{n} model needs parameters for {n} levels, not {parameters.Levels}.", nameof(parameters));
        }

        int[][] adjusted = KneserNeyCounts.Adjusted(counts);
        var alpha = new double[n][];
        var gamma = new double[n][];
        for (int level = 0; level < n; level++)
        {
            NGramLevel l = counts.Levels[level];
            NodeTotals[] totals = KneserNeyCounts.Totals(l, adjusted[level]);
            alpha[level] = new double[l.PairCount];
            gamma[level] = new double[l.NodeCount];
            for (int node = 0; node < l.NodeCount; node++)
            {
                NodeTotals s = totals[node];
                int bucket = KneserNeyParameters.BucketOf(s.Total);
                int at = KneserNeyParameters.Index(level, bucket);
                double d1 = parameters.Values[at];
                double d2 = parameters.Values[at + 1];
                double d3 = parameters.Values[at + 2];
                double theta = parameters.Values[at + 3];
                double t = s.Total + theta;
                if (!(t > 0))
                {
                    gamma[level][node] = 1; // nothing seen in this context (only structural zeros): its parent's distribution
                    continue;
                }

                gamma[level][node] = (theta + (d1 * s.Ones) + (d2 * s.Twos) + (d3 * s.ThreesOrMore)) / t;
                for (int p = l.NodeFirstPair[node]; p < l.NodeFirstPair[node + 1]; p++)
                {
                    int a = adjusted[level][p];
                    alpha[level][p] = a > 0 ? (a - parameters.Discount(level, bucket, a)) / t : 0;
                }
            }
        }

        return new NGramModel(counts, NGramSmoothingKind.KneserNey, 0, parameters, alpha, gamma);
    }

    /// <summary>
    /// An order-1 model with the contexts of one symbol of <paramref name="bigramCounts"/> added as pass-through
    /// nodes (α = 0, γ = 1): each gives the unigram's distribution but for its structural zeros, which the
    /// constructor applies. What a unigram model of a list with whitespace needs to never begin or end a name with it.
    /// </summary>
    public static NGramModel WithOneSymbolContexts(NGramModel unigram, NGramCounts bigramCounts)
    {
        NGramLevel contexts = bigramCounts.Levels[1];
        var alpha = new[] { (double[])unigram.Alpha[0].Clone(), new double[contexts.PairCount] };
        var gamma = new[] { (double[])unigram.Gamma[0].Clone(), new double[contexts.NodeCount] };
        for (int node = 0; node < contexts.NodeCount; node++)
        {
            gamma[1][node] = 1;
        }

        return new NGramModel(bigramCounts, unigram.Kind, unigram.AdditiveSmoothing, unigram.Parameters, alpha, gamma);
    }

    /// <summary>Kneser–Ney with Chen and Goodman's discounts from the count-of-counts of all names.</summary>
    public static NGramModel KneserNeyFromCountOfCounts(NGramCounts counts) =>
        KneserNey(counts, KneserNeyParameters.FromCountOfCounts(KneserNeyCounts.CountOfCounts(KneserNeyCounts.Adjusted(counts))));

    /// <summary>
    /// The level and node of the longest suffix of <paramref name="history"/> that is a node. The history holds
    /// the most recent symbols last and is read as if padded on the left with start tokens to n − 1 symbols.
    /// </summary>
    public (int Level, int Node) FindNode(IReadOnlyList<int> history)
    {
        int node = 0;
        int level = 0;
        while (level < Order - 1)
        {
            int at = history.Count - 1 - level;
            int child = Counts.Levels[level + 1].FindChild(node, at >= 0 ? history[at] : 0);
            if (child < 0)
            {
                break;
            }

            node = child;
            level++;
        }

        return (level, node);
    }

    /// <summary>P(w | node) by the interpolation formula, walking to the parents when w is not a pair of the node.</summary>
    public double ProbabilityAt(int level, int node, int symbol)
    {
        double factor = 1;
        while (level >= 0)
        {
            NGramLevel l = Counts.Levels[level];
            int pair = l.FindPair(node, symbol);
            if (pair >= 0)
            {
                return factor * Probability[level][pair];
            }

            factor *= Gamma[level][node];
            node = l.NodeParent[node];
            level--;
        }

        return factor / VocabularySize;
    }

    /// <summary>P(w | history) for any history (see <see cref="FindNode"/>).</summary>
    public double ProbabilityOf(IReadOnlyList<int> history, int symbol)
    {
        (int level, int node) = FindNode(history);
        return ProbabilityAt(level, node, symbol);
    }

    /// <summary>−Σ ln P over a name's tokens (its symbols and the end), in double; symbols are indices 1 … V − 1.</summary>
    public double NegativeLogLikelihood(IReadOnlyList<int> name)
    {
        var history = new List<int>(name.Count);
        double sum = 0;
        for (int i = 0; i <= name.Count; i++)
        {
            int symbol = i < name.Count ? name[i] : 0;
            sum -= Math.Log(ProbabilityOf(history, symbol));
            history.Add(symbol);
        }

        return sum;
    }
}
