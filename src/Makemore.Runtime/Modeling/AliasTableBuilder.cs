// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;
using System.Collections.Generic;

namespace Makemore.Modeling;

/// <summary>
/// Builds Walker/Vose alias tables, one per row of a V×V probability matrix, so that drawing the next symbol
/// costs one random number and one table load whatever V is.
/// </summary>
/// <remarks>
/// Entry layout (one <see cref="uint"/> per cell, row-major): the high 24 bits are the keep threshold t and the
/// low 8 bits the alias a. To sample row r: pick a column c uniformly, then keep c when a uniform 24-bit
/// number is below t, otherwise take a. Each column's probability is therefore represented to within 2^-24 / V.
/// A full column stores t = 2^24 − 1 and a = c itself, so it always yields c.
/// </remarks>
internal static class AliasTableBuilder
{
    /// <summary>Bits of the keep threshold.</summary>
    public const int ThresholdBits = 24;

    /// <summary>The threshold scale, 2^24.</summary>
    public const uint ThresholdScale = 1u << ThresholdBits;

    /// <summary>
    /// Builds the table from row weights: finite and non-negative (callers check), on any scale, since each row is
    /// normalised here.
    /// </summary>
    public static uint[] Build(double[] weights, int vocabularySize)
    {
        int v = vocabularySize;
        var table = new uint[v * v];
        var scaled = new double[v];
        var small = new Stack<int>(v);
        var large = new Stack<int>(v);
        for (int row = 0; row < v; row++)
        {
            double total = 0;
            for (int j = 0; j < v; j++)
            {
                total += weights[(row * v) + j];
            }

            small.Clear();
            large.Clear();
            for (int j = v - 1; j >= 0; j--)
            {
                // A row that cannot be left (all zero) is made uniform so that the table stays well formed;
                // such a row is never reached because nothing leads into it with positive probability.
                scaled[j] = total > 0 ? weights[(row * v) + j] / total * v : 1.0;
                (scaled[j] < 1.0 ? small : large).Push(j);
            }

            while (small.Count > 0 && large.Count > 0)
            {
                int less = small.Pop();
                int more = large.Pop();
                table[(row * v) + less] = Entry(scaled[less], more);
                scaled[more] = (scaled[more] + scaled[less]) - 1.0;
                (scaled[more] < 1.0 ? small : large).Push(more);
            }

            // What is left is full up to rounding error.
            while (large.Count > 0)
            {
                int j = large.Pop();
                table[(row * v) + j] = Entry(1.0, j);
            }

            while (small.Count > 0)
            {
                int j = small.Pop();
                table[(row * v) + j] = Entry(1.0, j);
            }
        }

        return table;
    }

    private static uint Entry(double keep, int alias)
    {
        double t = Math.Round(keep * ThresholdScale);
        uint threshold = t >= ThresholdScale ? ThresholdScale - 1 : t <= 0 ? 0u : (uint)t;
        return (threshold << 8) | (uint)alias;
    }

    /// <summary>
    /// Length of the shortest name the table can produce: the fewest symbols on a path from '.' back to '.'
    /// along cells of positive probability; −1 when no name can end.
    /// </summary>
    public static int ShortestSampleLength(double[] probabilities, int vocabularySize)
    {
        int v = vocabularySize;
        if (probabilities[0] > 0)
        {
            return 0;
        }

        // Breadth-first search over symbols: distance = symbols emitted so far.
        var distance = new int[v];
        for (int i = 0; i < v; i++)
        {
            distance[i] = -1;
        }

        var queue = new Queue<int>();
        for (int j = 1; j < v; j++)
        {
            if (probabilities[j] > 0)
            {
                distance[j] = 1;
                queue.Enqueue(j);
            }
        }

        while (queue.Count > 0)
        {
            int i = queue.Dequeue();
            if (probabilities[i * v] > 0)
            {
                return distance[i];
            }

            for (int j = 1; j < v; j++)
            {
                if (distance[j] < 0 && probabilities[(i * v) + j] > 0)
                {
                    distance[j] = distance[i] + 1;
                    queue.Enqueue(j);
                }
            }
        }

        return -1;
    }
}
