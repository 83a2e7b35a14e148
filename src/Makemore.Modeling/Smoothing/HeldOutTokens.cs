// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling.Counting;

namespace Makemore.Modeling.Smoothing;

/// <summary>
/// What the held-out probability of each token needs from each level of the model counted without the token's
/// fold: per token, its levels 0 … m − 1 whose context was seen in the other folds (a seen context's suffixes
/// are seen too), and per such level the pair's adjusted count a, the context's total t and its pairs'
/// count-of-counts N1, N2, N3+. None of it depends on the parameters, so it is gathered once.
/// </summary>
/// <remarks>
/// A fold's statistics are the all-names statistics with the fold's tokens taken out one by one: each token
/// lowers one raw count per level, and a continuation count drops when the pair above it loses its last
/// occurrence. Each change moves one pair between the count-of-counts of its node. The fold's tokens are then
/// read and put back, so the work is proportional to the tokens, not to folds × pairs. Tokens of one fold with the
/// same top-level pair have the same records: they are kept once, with their number as a weight (at order 6 on the
/// lecture's names, 126,168 groups for 228,146 tokens).
/// </remarks>
internal sealed class HeldOutTokens
{
    private readonly int _vocabularySize;
    private readonly int _tokenCount;
    private readonly int[] _groupStart; // group g's levels are records [_groupStart[g], _groupStart[g + 1])
    private readonly int[] _weight;     // tokens in group g
    private readonly Record[] _records;

    private HeldOutTokens(int vocabularySize, int tokenCount, int[] groupStart, int[] weight, Record[] records)
    {
        _vocabularySize = vocabularySize;
        _tokenCount = tokenCount;
        _groupStart = groupStart;
        _weight = weight;
        _records = records;
    }

    /// <summary>Number of tokens.</summary>
    public int Count => _tokenCount;

    /// <summary>Whether any token's context was seen in the other folds: without one the tokens say nothing about the parameters.</summary>
    public bool HasEvidence => _groupStart[_groupStart.Length - 1] > 0;

    /// <summary>Number of distinct (fold, top-level pair) groups: tokens of one group have the same records, so each group is evaluated once and weighted.</summary>
    public int Groups => _weight.Length;

    /// <summary>Every fold's tokens, each scored by the counts of the other folds.</summary>
    /// <param name="counts">Counts made with folds.</param>
    /// <param name="minimumCounts">Count cut-offs (<see cref="NGramCounts.Prune"/>): a token's levels stop below the first context they prune.</param>
    [MethodImpl(RunOnce.Optimized)]
    public static HeldOutTokens Gather(NGramCounts counts, int[]? minimumCounts = null)
    {
        bool[][]? kept = minimumCounts is null ? null : counts.KeptContexts(minimumCounts);
        int n = counts.Order;
        int tokens = counts.TokenCount;
        int folds = counts.Folds;
        int topPairs = counts.Top.PairCount;
        var state = new FoldState(counts);

        // Tokens ordered by fold, then by top-level pair (two stable counting sorts), so that the tokens of a fold
        // with the same pair, whose held-out records are the same, are neighbours.
        var byPair = new int[tokens];
        var pairStart = new int[topPairs + 1];
        foreach (int pair in counts.TokenTopPair)
        {
            pairStart[pair + 1]++;
        }

        for (int p = 0; p < topPairs; p++)
        {
            pairStart[p + 1] += pairStart[p];
        }

        for (int t = 0; t < tokens; t++)
        {
            byPair[pairStart[counts.TokenTopPair[t]]++] = t;
        }

        var foldStart = new int[folds + 1];
        foreach (byte f in counts.TokenFold)
        {
            foldStart[f + 1]++;
        }

        for (int f = 0; f < folds; f++)
        {
            foldStart[f + 1] += foldStart[f];
        }

        var byFold = new int[tokens];
        var next = (int[])foldStart.Clone();
        foreach (int t in byPair)
        {
            byFold[next[counts.TokenFold[t]]++] = t;
        }

        int groups = 0;
        for (int i = 0; i < tokens; i++)
        {
            if (i == 0 || counts.TokenTopPair[byFold[i]] != counts.TokenTopPair[byFold[i - 1]] || counts.TokenFold[byFold[i]] != counts.TokenFold[byFold[i - 1]])
            {
                groups++;
            }
        }

        var groupStart = new int[groups + 1];
        var weight = new int[groups];
        var records = new Record[groups * n];
        var pairs = new int[n];
        int count = 0;
        int group = 0;
        for (int fold = 0; fold < folds; fold++)
        {
            for (int i = foldStart[fold]; i < foldStart[fold + 1]; i++)
            {
                state.Change(byFold[i], -1);
            }

            for (int i = foldStart[fold]; i < foldStart[fold + 1]; i++)
            {
                int token = byFold[i];
                if (i > foldStart[fold] && counts.TokenTopPair[token] == counts.TokenTopPair[byFold[i - 1]])
                {
                    weight[group - 1]++;
                    continue;
                }

                weight[group] = 1;
                groupStart[group++] = count;
                state.PairsOf(token, pairs);
                for (int level = 0; level < n; level++)
                {
                    int node = counts.Levels[level].NodeOfPair[pairs[level]];
                    NodeTotals s = state.Totals[level][node];
                    if (s.Total == 0 || (kept is not null && !kept[level][node]))
                    {
                        break;
                    }

                    int a = state.Adjusted[level][pairs[level]];
                    int at = KneserNeyParameters.Index(level, KneserNeyParameters.BucketOf(s.Total));
                    records[count++] = new Record
                    {
                        Count = a,
                        Total = s.Total,
                        Ones = s.Ones,
                        Twos = s.Twos,
                        Threes = s.ThreesOrMore,
                        Group = at,
                        Discount = a == 0 ? -1 : at + (a >= 3 ? 2 : a - 1),
                    };
                }
            }

            for (int i = foldStart[fold]; i < foldStart[fold + 1]; i++)
            {
                state.Change(byFold[i], +1);
            }
        }

        groupStart[groups] = count; // the array keeps its unused tail: copying it would cost more than it saves
        return new HeldOutTokens(counts.VocabularySize, tokens, groupStart, weight, records);
    }

    /// <summary>
    /// −Σ ln P over the tokens with parameters <paramref name="x"/> (see <see cref="KneserNeyParameters.Values"/>);
    /// with non-null arrays also its gradient and the Gauss–Newton matrix Σ ∇ln P ∇ln Pᵀ (row-major, over all
    /// parameters). Each group of equal tokens is evaluated once and counted with its weight.
    /// </summary>
    public double Evaluate(double[] x, double[]? gradient, double[]? curvature) => Evaluate(x, gradient, curvature, null);

    /// <summary>
    /// The diagonal of the Gauss–Newton matrix, Σ (∂ ln P / ∂x_i)² over the tokens, into <paramref name="diagonal"/>:
    /// how much the tokens say about each parameter on its own (the tuner's prior is scaled by it).
    /// </summary>
    public void InformationDiagonal(double[] x, double[] diagonal) => Evaluate(x, null, null, diagonal);

    [MethodImpl(RunOnce.Optimized)]
    private double Evaluate(double[] x, double[]? gradient, double[]? curvature, double[]? diagonal)
    {
        const int K = KneserNeyParameters.PerGroup;
        int m = x.Length;
        bool fit = gradient is not null && curvature is not null;
        bool derivatives = fit || diagonal is not null;
        if (fit)
        {
            Array.Clear(gradient!, 0, m);
            Array.Clear(curvature!, 0, m * m);
        }

        if (diagonal is not null)
        {
            Array.Clear(diagonal, 0, m);
        }

        int levels = m / KneserNeyParameters.PerLevel;
        var lower = new double[levels];    // P of the level below, per level
        var gamma = new double[levels];    // dP_level / dP_lower
        var result = new double[levels];   // P of the level
        var inverse = new double[levels];  // 1 / (t + θ)
        var touched = new int[K * levels]; // parameters ∇ln P of one token depends on …
        var local = new double[K * levels]; // … and its entries
        Record[] records = _records;
        double uniform = 1.0 / _vocabularySize;
        double sum = 0;
        for (int g = 0; g < _weight.Length; g++)
        {
            int first = _groupStart[g];
            int seen = _groupStart[g + 1] - first;
            double p = uniform;
            for (int level = 0; level < seen; level++)
            {
                ref readonly Record r = ref records[first + level];
                int at = r.Group;
                double theta = x[at + 3];
                double scale = 1.0 / (r.Total + theta);
                double backOff = theta + (x[at] * r.Ones) + (x[at + 1] * r.Twos) + (x[at + 2] * r.Threes);
                double direct = r.Discount < 0 ? 0 : r.Count - x[r.Discount];
                lower[level] = p;
                gamma[level] = backOff * scale;
                inverse[level] = scale;
                p = (direct + (backOff * p)) * scale;
                result[level] = p;
            }

            int weight = _weight[g];
            sum -= weight * Math.Log(p);
            if (!derivatives)
            {
                continue;
            }

            // d ln P / d P_level, from the top down: 1/P times the γ of the levels above.
            double chain = weight / p;
            for (int level = seen - 1; level >= 0; level--)
            {
                ref readonly Record r = ref records[first + level];
                int k = K * level;
                double scale = chain * inverse[level];
                double below = scale * lower[level];
                local[k] = below * r.Ones;
                local[k + 1] = below * r.Twos;
                local[k + 2] = below * r.Threes;
                local[k + 3] = scale * (lower[level] - result[level]);
                if (r.Discount >= 0)
                {
                    local[k + (r.Discount - r.Group)] -= scale;
                }

                for (int j = 0; j < K; j++)
                {
                    touched[k + j] = r.Group + j;
                }

                chain *= gamma[level];
            }

            // Only the parameters the token's P depends on: in a context with no pair seen twice, say, D2 is not one
            // of them. Dropping the zeros (order kept) spares most of the products below at high orders.
            int used = 0;
            for (int i = 0; i < K * seen; i++)
            {
                if (local[i] != 0)
                {
                    local[used] = local[i];
                    touched[used++] = touched[i];
                }
            }

            if (diagonal is not null)
            {
                // local holds weight · ∂ln P / ∂x; the diagonal wants weight · (∂ln P / ∂x)².
                for (int i = 0; i < used; i++)
                {
                    diagonal[touched[i]] += local[i] * local[i] / weight;
                }
            }

            if (!fit)
            {
                continue;
            }

            for (int i = 0; i < used; i++)
            {
                gradient![touched[i]] -= local[i];
            }

            // local holds weight · ∇ln P; the matrix wants weight · ∇ln P ∇ln Pᵀ, so one factor 1/weight.
            double factor = 1.0 / weight;

            // Lower triangle by parameter index (touched indices ascend with the level).
            for (int i = 0; i < used; i++)
            {
                double li = local[i] * factor;
                int row = touched[i] * m;
                for (int j = 0; j <= i; j++)
                {
                    curvature![row + touched[j]] += li * local[j];
                }
            }
        }

        if (fit)
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    curvature![(j * m) + i] = curvature[(i * m) + j];
                }
            }
        }

        return sum;
    }

    /// <summary>What one level of a held-out token's probability needs (see the class remarks).</summary>
    private struct Record
    {
        public int Count;     // the pair's adjusted count a in the other folds
        public int Total;     // the context's total t
        public int Ones;      // its pairs with count 1, 2 and 3 or more
        public int Twos;
        public int Threes;
        public int Group;     // index of the level's parameter group (KneserNeyParameters.Index)
        public int Discount;  // index of the discount D(a) in the parameters, −1 when a = 0
    }

    /// <summary>The raw and adjusted counts and node totals of all names minus the tokens taken out so far.</summary>
    private sealed class FoldState
    {
        private readonly NGramCounts _counts;
        private readonly int[][] _raw;

        public FoldState(NGramCounts counts)
        {
            _counts = counts;
            int n = counts.Order;
            _raw = new int[n][];
            Adjusted = KneserNeyCounts.Adjusted(counts);
            Totals = new NodeTotals[n][];
            for (int level = 0; level < n; level++)
            {
                _raw[level] = (int[])counts.Levels[level].RawCounts.Clone();
                Totals[level] = KneserNeyCounts.Totals(counts.Levels[level], Adjusted[level]);
            }
        }

        public int[][] Adjusted { get; }

        public NodeTotals[][] Totals { get; }

        /// <summary>The token's pair at each level.</summary>
        public void PairsOf(int token, int[] pairs)
        {
            int pair = _counts.TokenTopPair[token];
            for (int level = _counts.Order - 1; level >= 0; level--)
            {
                pairs[level] = pair;
                if (level > 0)
                {
                    pair = _counts.Levels[level].SuffixPair[pair];
                }
            }
        }

        /// <summary>Takes a token out (−1) or puts it back (+1).</summary>
        public void Change(int token, int sign)
        {
            int pair = _counts.TokenTopPair[token];
            bool upperAppearedOrVanished = false;
            for (int level = _counts.Order - 1; level >= 0; level--)
            {
                NGramLevel l = _counts.Levels[level];
                int before = _raw[level][pair];
                _raw[level][pair] = before + sign;
                bool raw = KneserNeyCounts.UsesRawCount(_counts, level);
                if (raw || upperAppearedOrVanished)
                {
                    ref NodeTotals s = ref Totals[level][l.NodeOfPair[pair]];
                    int a = Adjusted[level][pair];
                    s.Add(a, -1);
                    a += sign;
                    s.Add(a, 1);
                    Adjusted[level][pair] = a;
                }

                upperAppearedOrVanished = sign < 0 ? before == 1 : before == 0;
                if (level > 0)
                {
                    pair = l.SuffixPair[pair];
                }
            }
        }
    }
}
