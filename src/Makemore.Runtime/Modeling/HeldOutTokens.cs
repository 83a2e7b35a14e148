// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling;

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
/// read and put back, so the work is proportional to the tokens, not to folds × pairs.
/// </remarks>
internal sealed class HeldOutTokens
{
    private readonly int _vocabularySize;
    private readonly int[] _tokenStart; // token i's levels are records [_tokenStart[i], _tokenStart[i + 1])
    private readonly int[] _count;
    private readonly int[] _total;
    private readonly int[] _ones;
    private readonly int[] _twos;
    private readonly int[] _threes;
    private readonly int[] _group; // the record's parameter group (level and bucket), see KneserNeyParameters.Index

    private HeldOutTokens(int vocabularySize, int[] tokenStart, int[] count, int[] total, int[] ones, int[] twos, int[] threes, int[] group)
    {
        _group = group;
        _vocabularySize = vocabularySize;
        _tokenStart = tokenStart;
        _count = count;
        _total = total;
        _ones = ones;
        _twos = twos;
        _threes = threes;
    }

    /// <summary>Number of tokens.</summary>
    public int Count => _tokenStart.Length - 1;

    /// <summary>Every fold's tokens, each scored by the counts of the other folds.</summary>
    public static HeldOutTokens Gather(NGramCounts counts)
    {
        int n = counts.Order;
        int tokens = counts.TokenCount;
        int folds = counts.Folds;
        var state = new FoldState(counts);

        // Tokens grouped by fold (counting sort).
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
        for (int t = 0; t < tokens; t++)
        {
            byFold[next[counts.TokenFold[t]]++] = t;
        }

        var tokenStart = new int[tokens + 1];
        var count = new int[tokens * n];
        var total = new int[tokens * n];
        var ones = new int[tokens * n];
        var twos = new int[tokens * n];
        var threes = new int[tokens * n];
        var group = new int[tokens * n];
        var pairs = new int[n];
        int records = 0;
        int token = 0;
        for (int fold = 0; fold < folds; fold++)
        {
            for (int i = foldStart[fold]; i < foldStart[fold + 1]; i++)
            {
                state.Change(byFold[i], -1);
            }

            for (int i = foldStart[fold]; i < foldStart[fold + 1]; i++)
            {
                tokenStart[token++] = records;
                state.PairsOf(byFold[i], pairs);
                for (int level = 0; level < n; level++)
                {
                    NodeTotals s = state.Totals[level][counts.Levels[level].NodeOfPair[pairs[level]]];
                    if (s.Total == 0)
                    {
                        break;
                    }

                    count[records] = state.Adjusted[level][pairs[level]];
                    total[records] = s.Total;
                    ones[records] = s.Ones;
                    twos[records] = s.Twos;
                    threes[records] = s.ThreesOrMore;
                    group[records] = KneserNeyParameters.Index(level, KneserNeyParameters.BucketOf(s.Total));
                    records++;
                }
            }

            for (int i = foldStart[fold]; i < foldStart[fold + 1]; i++)
            {
                state.Change(byFold[i], +1);
            }
        }

        tokenStart[tokens] = records; // the arrays keep their unused tail: copying them would cost more than it saves
        return new HeldOutTokens(counts.VocabularySize, tokenStart, count, total, ones, twos, threes, group);
    }

    /// <summary>
    /// −Σ ln P over the tokens with parameters <paramref name="x"/> (see <see cref="KneserNeyParameters.Values"/>);
    /// with non-null arrays also its gradient and, from every <paramref name="curvatureStride"/>-th token scaled
    /// up, the Gauss–Newton matrix Σ ∇ln P ∇ln Pᵀ (row-major, over all parameters).
    /// </summary>
    public double Evaluate(double[] x, double[]? gradient, double[]? curvature, int curvatureStride = 1)
    {
        const int K = KneserNeyParameters.PerGroup;
        int m = x.Length;
        bool derivatives = gradient is not null && curvature is not null;
        if (derivatives)
        {
            Array.Clear(gradient!, 0, m);
            Array.Clear(curvature!, 0, m * m);
        }

        int levels = m / KneserNeyParameters.PerLevel;
        var lower = new double[levels];    // P of the level below, per level
        var gamma = new double[levels];    // dP_level / dP_lower
        var result = new double[levels];   // P of the level
        var inverse = new double[levels];  // 1 / (t + θ)
        var group = new int[levels];       // index of the level's parameter group for this token
        var touched = new int[K * levels]; // parameters ∇ln P of one token depends on …
        var local = new double[K * levels]; // … and its entries
        double sum = 0;
        for (int t = 0; t < Count; t++)
        {
            int first = _tokenStart[t];
            int seen = _tokenStart[t + 1] - first;
            double p = 1.0 / _vocabularySize;
            for (int level = 0; level < seen; level++)
            {
                int r = first + level;
                int a = _count[r];
                int at = _group[r];
                double theta = x[at + 3];
                double scale = 1.0 / (_total[r] + theta);
                double backOff = theta + (x[at] * _ones[r]) + (x[at + 1] * _twos[r]) + (x[at + 2] * _threes[r]);
                double direct = a == 0 ? 0 : a - x[at + (a >= 3 ? 2 : a - 1)];
                group[level] = at;
                lower[level] = p;
                gamma[level] = backOff * scale;
                inverse[level] = scale;
                p = (direct + (backOff * p)) * scale;
                result[level] = p;
            }

            sum -= Math.Log(p);
            if (!derivatives)
            {
                continue;
            }

            // d ln P / d P_level, from the top down: 1/P times the γ of the levels above.
            double chain = 1.0 / p;
            for (int level = seen - 1; level >= 0; level--)
            {
                int r = first + level;
                int a = _count[r];
                int k = K * level;
                double scale = chain * inverse[level];
                local[k] = scale * _ones[r] * lower[level];
                local[k + 1] = scale * _twos[r] * lower[level];
                local[k + 2] = scale * _threes[r] * lower[level];
                local[k + 3] = scale * (lower[level] - result[level]);
                if (a > 0)
                {
                    local[k + (a >= 3 ? 2 : a - 1)] -= scale;
                }

                for (int j = 0; j < K; j++)
                {
                    touched[k + j] = group[level] + j;
                }

                chain *= gamma[level];
            }

            int used = K * seen;
            for (int i = 0; i < used; i++)
            {
                gradient![touched[i]] -= local[i];
            }

            if (t % curvatureStride != 0)
            {
                continue;
            }

            // Lower triangle by parameter index (touched indices ascend with the level).
            for (int i = 0; i < used; i++)
            {
                double li = local[i] * curvatureStride;
                int row = touched[i] * m;
                for (int j = 0; j <= i; j++)
                {
                    curvature![row + touched[j]] += li * local[j];
                }
            }
        }

        if (derivatives)
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
