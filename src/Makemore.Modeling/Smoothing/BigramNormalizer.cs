// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling.Smoothing;

/// <summary>
/// Turns counts into probabilities with additive smoothing, as the lecture does:
/// P[i, j] = (N[i, j] + α) / Σ_k (N[i, k] + α). Computed in double; the float table is that value rounded
/// once, which equals PyTorch's float32 division of the two (exactly representable) sums.
/// </summary>
internal static class BigramNormalizer
{
    /// <summary>
    /// The largest smoothing accepted. A row sums V ≤ 256 terms of a count (below 2^31) plus α, so any α up to this
    /// keeps every sum far below double's 1.8e308; a larger one could overflow a sum to ∞ and every probability of
    /// its row to 0. (Past about 1e20 the model is uniform in double precision anyway.)
    /// </summary>
    public const double MaxSmoothing = 1e300;

    /// <summary>What a valid smoothing is, for messages.</summary>
    public const string SmoothingRange = "a number from 0 to 1e300";

    /// <summary>
    /// Whether α is a number from 0 to <see cref="MaxSmoothing"/>. The smallest positive α (even a subnormal) is
    /// fine: every row of a valid list has a count of at least 1, so no sum is zero, and a probability too small
    /// for double is 0, as with α = 0.
    /// </summary>
    public static bool IsValidSmoothing(double smoothing) => smoothing >= 0 && smoothing <= MaxSmoothing;

    /// <summary>Row-normalised smoothed probabilities in double precision.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="smoothing"/> is not valid (<see cref="IsValidSmoothing"/>).</exception>
    public static double[] Probabilities(int[] counts, int vocabularySize, double smoothing)
    {
        if (!IsValidSmoothing(smoothing))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "Smoothing must be " + SmoothingRange + ".");
        }

        int v = vocabularySize;
        var p = new double[v * v];
        for (int row = 0; row < v; row++)
        {
            double total = 0;
            for (int j = 0; j < v; j++)
            {
                total += counts[(row * v) + j] + smoothing;
            }

            for (int j = 0; j < v; j++)
            {
                // A row with no observations and no smoothing stays all zero: nothing can follow it.
                p[(row * v) + j] = total > 0 ? (counts[(row * v) + j] + smoothing) / total : 0;
            }
        }

        return p;
    }

    /// <summary>
    /// Zeroes the cells that no trimmed name reaches — whitespace after the start token (row 0), the end after a
    /// whitespace symbol (column 0 of its row) — and renormalises those rows, in place; returns the array.
    /// </summary>
    public static double[] WithStructuralZeros(double[] p, string alphabet)
    {
        int v = alphabet.Length;
        for (int w = 1; w < v; w++)
        {
            if (char.IsWhiteSpace(alphabet[w]))
            {
                Zero(p, v, 0, w);
                Zero(p, v, w, 0);
            }
        }

        return p;
    }

    private static void Zero(double[] p, int v, int row, int column)
    {
        double zeroed = p[(row * v) + column];
        if (zeroed == 0)
        {
            return;
        }

        p[(row * v) + column] = 0;
        double rest = 0;
        for (int j = 0; j < v; j++)
        {
            rest += p[(row * v) + j];
        }

        for (int j = 0; j < v; j++)
        {
            p[(row * v) + j] = rest > 0 ? p[(row * v) + j] / rest : 0;
        }
    }

    /// <summary>Rounds each probability to float.</summary>
    public static float[] ToSingle(double[] values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }

    /// <summary>Natural logarithms in double (−∞ where the probability is 0).</summary>
    public static double[] Log(double[] probabilities)
    {
        var result = new double[probabilities.Length];
        for (int i = 0; i < probabilities.Length; i++)
        {
            result[i] = Math.Log(probabilities[i]);
        }

        return result;
    }

    /// <summary>
    /// Divides each row of V×V non-negative weights by its sum, in double.
    /// </summary>
    /// <exception cref="ArgumentException">A weight is negative, infinite or NaN, or a row sums to zero.</exception>
    public static double[] NormalizeRows(double[] weights, int vocabularySize, string parameterName)
    {
        int v = vocabularySize;
        var p = new double[v * v];
        for (int row = 0; row < v; row++)
        {
            double total = 0;
            for (int j = 0; j < v; j++)
            {
                double w = weights[(row * v) + j];
                if (!(w >= 0) || double.IsInfinity(w))
                {
                    throw new ArgumentException($"Probability {w} at row {row}, column {j} is not a finite non-negative number.", parameterName);
                }

                total += w;
            }

            if (!(total > 0))
            {
                throw new ArgumentException($"Row {row} of the probabilities sums to zero.", parameterName);
            }

            for (int j = 0; j < v; j++)
            {
                p[(row * v) + j] = weights[(row * v) + j] / total;
            }
        }

        return p;
    }
}
