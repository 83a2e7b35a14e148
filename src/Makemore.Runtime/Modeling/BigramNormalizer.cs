// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling;

/// <summary>
/// Turns counts into probabilities with additive smoothing, as the lecture does:
/// P[i, j] = (N[i, j] + α) / Σ_k (N[i, k] + α). Computed in double; the float table is that value rounded
/// once, which equals PyTorch's float32 division of the two (exactly representable) sums.
/// </summary>
internal static class BigramNormalizer
{
    /// <summary>Row-normalised smoothed probabilities in double precision.</summary>
    public static double[] Probabilities(int[] counts, int vocabularySize, double smoothing)
    {
        if (!(smoothing >= 0) || double.IsInfinity(smoothing))
        {
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "Smoothing must be a finite, non-negative number.");
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
