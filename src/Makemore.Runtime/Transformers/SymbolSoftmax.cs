using System;

namespace Makemore.Transformers;

/// <summary>
/// The next-symbol distribution of a row of float logits, in double: the probabilities the sampler draws from and
/// <c>Probability</c> reports, and the negative log-likelihood the trainer's evaluation and the scoring calls report.
/// </summary>
internal static class SymbolSoftmax
{
    /// <summary>−log softmax(logits)[target], in double.</summary>
    public static double NegativeLogProbability(ReadOnlySpan<float> logits, int target)
    {
        float max = Max(logits);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp((double)logits[i] - max);
        }

        return Math.Log(sum) - ((double)logits[target] - max);
    }

    /// <summary>softmax(logits / temperature) into <paramref name="probabilities"/>, in double; returns nothing else.</summary>
    public static void Probabilities(ReadOnlySpan<float> logits, double temperature, Span<double> probabilities)
    {
        float max = Max(logits);
        double inverse = 1 / temperature;
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double e = Math.Exp(((double)logits[i] - max) * inverse);
            probabilities[i] = e;
            sum += e;
        }

        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] /= sum;
        }
    }

    /// <summary>
    /// Draws a symbol from softmax(logits / temperature) by inverting its distribution function with one uniform
    /// <paramref name="u"/> in [0, 1), all in double: symbol i with probability eᵢ / Σe to within 2^-53.
    /// </summary>
    /// <param name="logits">The float logits.</param>
    /// <param name="temperature">T: the logits are divided by it.</param>
    /// <param name="u">A uniform draw in [0, 1).</param>
    /// <param name="scratch">Room for one double per logit.</param>
    public static int Draw(ReadOnlySpan<float> logits, double temperature, double u, Span<double> scratch)
    {
        float max = Max(logits);
        double inverse = 1 / temperature;
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double e = Math.Exp(((double)logits[i] - max) * inverse);
            scratch[i] = e;
            sum += e;
        }

        // The partial sums below are the same additions, in the same order, as sum: the last one is sum itself.
        double target = u * sum;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double e = scratch[i];
            if (e > 0)
            {
                cumulative += e;
                last = i;
                if (target < cumulative)
                {
                    return i;
                }
            }
        }

        return last; // u · sum rounded up to sum: the last symbol of non-zero probability
    }

    private static float Max(ReadOnlySpan<float> logits)
    {
        float max = float.NegativeInfinity;
        foreach (float l in logits)
        {
            max = MathF.Max(max, l);
        }

        return max;
    }
}
