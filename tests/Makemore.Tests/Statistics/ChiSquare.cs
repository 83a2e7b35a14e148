using System;
using System.Collections.Generic;
using MathNet.Numerics.Distributions;

namespace Makemore.Tests.Statistics;

/// <summary>Pearson's chi-square goodness-of-fit test of observed counts against expected probabilities.</summary>
internal static class ChiSquare
{
    /// <summary>The rejection level the tests use: a fit is rejected below this p-value.</summary>
    public const double RejectBelow = 1e-4;

    /// <summary>
    /// The statistic and its p-value. Cells of zero probability must be unobserved (otherwise p = 0) and
    /// do not count as degrees of freedom.
    /// </summary>
    public static (double Statistic, double PValue) Test(ReadOnlySpan<long> observed, ReadOnlySpan<double> probabilities)
    {
        if (observed.Length != probabilities.Length)
        {
            throw new ArgumentException("One probability per cell is needed.", nameof(probabilities));
        }

        long total = 0;
        foreach (long o in observed)
        {
            total += o;
        }

        double statistic = 0;
        int cells = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            double expected = total * probabilities[i];
            if (expected == 0)
            {
                if (observed[i] != 0)
                {
                    return (double.PositiveInfinity, 0);
                }

                continue;
            }

            double difference = observed[i] - expected;
            statistic += difference * difference / expected;
            cells++;
        }

        int degreesOfFreedom = cells - 1;
        return degreesOfFreedom < 1 ? (statistic, 1) : (statistic, 1 - ChiSquared.CDF(degreesOfFreedom, statistic));
    }

    /// <summary>
    /// The same test with the cells expected fewer than <paramref name="minimumExpected"/> times pooled into one, as
    /// Pearson's approximation needs when there are thousands of rare outcomes (a large alphabet's symbols).
    /// </summary>
    public static (double Statistic, double PValue) TestPooled(ReadOnlySpan<long> observed, ReadOnlySpan<double> probabilities, double minimumExpected = 5)
    {
        long total = 0;
        foreach (long o in observed)
        {
            total += o;
        }

        var pooledObserved = new List<long>();
        var pooledProbabilities = new List<double>();
        long rareObserved = 0;
        double rareProbability = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            if (total * probabilities[i] < minimumExpected && probabilities[i] > 0)
            {
                rareObserved += observed[i];
                rareProbability += probabilities[i];
            }
            else
            {
                pooledObserved.Add(observed[i]);
                pooledProbabilities.Add(probabilities[i]);
            }
        }

        pooledObserved.Add(rareObserved);
        pooledProbabilities.Add(rareProbability);
        return Test(pooledObserved.ToArray(), pooledProbabilities.ToArray());
    }
}
