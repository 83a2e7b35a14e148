// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;

namespace Makemore.Modeling.Smoothing;

/// <summary>
/// Tunes the parameters of a Kneser–Ney model (3 discounts and a strength per level and context-total bucket) on held-out folds of its own names, since a user has no
/// development set: each fold's tokens are scored by the model counted on the other folds, and the parameters
/// that minimise the total held-out NLL plus a prior worth a thousand tokens (<see cref="KneserNeyPrior"/>: it
/// rules a list of a few names and fades on a long one) are found by a damped Gauss–Newton (Levenberg–Marquardt)
/// search inside the parameters' bounds, starting from Chen and Goodman's count-of-counts estimates.
/// </summary>
/// <remarks>
/// <para>
/// Counting is done once (<see cref="NGramCounts.Count"/> with folds): a fold's training counts are all counts
/// minus the fold's own, so no fold is counted twice. What a held-out token's probability needs from each level
/// (its pair's adjusted count a, its context's total t and N1, N2, N3+) does not depend on the discounts, so it
/// is gathered once; the search then only evaluates P = (a − D(a)) / t + γ P_lower, level by level, per token.
/// A level whose context was not seen in the other folds passes P through unchanged, as in the model.
/// </para>
/// <para>
/// The gradient of ln P with respect to the discounts is exact (reverse mode through the interpolation); the
/// curvature is the Gauss–Newton matrix Σ ∇ln P ∇ln Pᵀ. Discounts pinned at a bound with the gradient pointing
/// outwards are held fixed for the step.
/// </para>
/// </remarks>
internal static class KneserNeyTuner
{
    /// <summary>Default number of folds.</summary>
    public const int DefaultFolds = 10;

    private const int MaxIterations = 30;

    /// <summary>
    /// The search stops after a step that gains less than this many nats per held-out token: the last steps of a
    /// tighter rule each cost a full evaluation with derivatives and move the held-out NLL by ≈ 1e-6 per token,
    /// three orders of magnitude below what separates the orders or the smoothings.
    /// </summary>
    private const double TolerancePerToken = 1e-5;

    /// <summary>Counts <paramref name="names"/> with folds and tunes the parameters; returns the counts of all names too.</summary>
    public static KneserNeyParameters Tune(NameList names, int order, out NGramCounts counts, int folds = DefaultFolds)
    {
        counts = NGramCounts.Count(names, order, folds);
        return Tune(counts);
    }

    /// <summary>Tunes on counts made with folds (<see cref="NGramCounts.Folds"/> ≥ 2).</summary>
    public static KneserNeyParameters Tune(NGramCounts counts) => Tune(counts, out _);

    /// <summary>Tunes, and says how many search iterations were taken.</summary>
    public static KneserNeyParameters Tune(NGramCounts counts, out int iterations)
    {
        iterations = 0;
        if (counts.Folds < 2)
        {
            throw new ArgumentException("Tuning needs counts made with at least 2 folds.", nameof(counts));
        }

        HeldOutTokens tokens = HeldOutTokens.Gather(counts);
        if (!tokens.HasEvidence)
        {
            return new KneserNeyParameters(KneserNeyPrior.Mode(counts.Order)); // e.g. a list of one name
        }

        KneserNeyPrior prior = KneserNeyPrior.For(tokens, counts.Order);
        double[] x = (double[])KneserNeyParameters.FromCountOfCounts(KneserNeyCounts.CountOfCounts(KneserNeyCounts.Adjusted(counts))).Values.Clone();
        int m = x.Length;
        var gradient = new double[m];
        var curvature = new double[m * m];
        double objective = Objective(tokens, prior, x, gradient, curvature);
        double damping = 1e-3;
        var step = new double[m];
        var trial = new double[m];
        var free = new bool[m];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            iterations++;
            for (int i = 0; i < m; i++)
            {
                int j = i % KneserNeyParameters.PerGroup;
                free[i] = !(x[i] <= KneserNeyParameters.LowerBound(j) && gradient[i] > 0) && !(x[i] >= KneserNeyParameters.UpperBound(j) && gradient[i] < 0);
            }

            bool improved = false;
            while (damping < 1e10)
            {
                SolveDamped(curvature, gradient, free, damping, step);
                for (int i = 0; i < m; i++)
                {
                    trial[i] = KneserNeyParameters.Clamp(x[i] + step[i], i % KneserNeyParameters.PerGroup);
                }

                double value = Objective(tokens, prior, trial, null, null);
                if (value < objective)
                {
                    double gain = objective - value;
                    Array.Copy(trial, x, m);
                    improved = gain > TolerancePerToken * tokens.Count;
                    if (improved)
                    {
                        objective = Objective(tokens, prior, x, gradient, curvature); // derivatives only for a next step
                    }

                    damping = Math.Max(damping / 4, 1e-9);
                    break;
                }

                damping *= 8;
            }

            if (!improved)
            {
                break;
            }
        }

        return new KneserNeyParameters(x);
    }

    /// <summary>
    /// The held-out NLL per token of a model with these parameters, each fold scored by the counts of the others,
    /// with the contexts that <paramref name="minimumCounts"/> would prune left out (null: none): what pruning costs.
    /// </summary>
    public static double HeldOutNll(NGramCounts counts, KneserNeyParameters parameters, int[]? minimumCounts = null)
    {
        HeldOutTokens tokens = HeldOutTokens.Gather(counts, minimumCounts);
        return tokens.Count == 0 ? 0 : tokens.Evaluate(parameters.Values, null, null) / tokens.Count;
    }

    /// <summary>Held-out NLL + −ln prior, and with non-null arrays their gradient and Gauss–Newton matrix.</summary>
    private static double Objective(HeldOutTokens tokens, KneserNeyPrior prior, double[] x, double[]? gradient, double[]? curvature) =>
        tokens.Evaluate(x, gradient, curvature) + prior.Add(x, gradient, curvature);

    /// <summary>Solves (H + λ diag H + εI) δ = −g over the free coordinates (Cholesky); fixed ones get δ = 0.</summary>
    private static void SolveDamped(double[] h, double[] g, bool[] free, double damping, double[] step)
    {
        int m = g.Length;
        var a = new double[m * m];
        var b = new double[m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                a[(i * m) + j] = free[i] && free[j] ? h[(i * m) + j] : 0;
            }

            a[(i * m) + i] = free[i] ? (h[(i * m) + i] * (1 + damping)) + 1e-9 : 1;
            b[i] = free[i] ? -g[i] : 0;
        }

        // In-place Cholesky: a = L Lᵀ, then two triangular solves.
        for (int j = 0; j < m; j++)
        {
            double d = a[(j * m) + j];
            for (int k = 0; k < j; k++)
            {
                d -= a[(j * m) + k] * a[(j * m) + k];
            }

            d = Math.Sqrt(Math.Max(d, 1e-300));
            a[(j * m) + j] = d;
            for (int i = j + 1; i < m; i++)
            {
                double s = a[(i * m) + j];
                for (int k = 0; k < j; k++)
                {
                    s -= a[(i * m) + k] * a[(j * m) + k];
                }

                a[(i * m) + j] = s / d;
            }
        }

        for (int i = 0; i < m; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++)
            {
                s -= a[(i * m) + k] * step[k];
            }

            step[i] = s / a[(i * m) + i];
        }

        for (int i = m - 1; i >= 0; i--)
        {
            double s = step[i];
            for (int k = i + 1; k < m; k++)
            {
                s -= a[(k * m) + i] * step[k];
            }

            step[i] = s / a[(i * m) + i];
        }
    }
}
