using System;
using Makemore.Modeling.Tables;

namespace Makemore.Bigram;

/// <summary>
/// What a float bigram table allows as a Markov chain from the start token to the end token, for a sampler that
/// can draw every positive probability (the lecture replay's <c>torch.multinomial</c>, in Makemore.Training). The alias
/// samplers check the quantised table they draw from instead (<see cref="AliasTableBuilder.Drawable"/>).
/// </summary>
internal static class BigramChain
{
    /// <summary>
    /// Checks that every row reachable from the start is a distribution and that every reachable symbol can reach
    /// the end token through positive entries, so each name ends with probability 1.
    /// </summary>
    /// <param name="probabilities">The V×V table, row-major.</param>
    /// <param name="alphabet">The V symbols, '.' first (for the messages).</param>
    /// <param name="parameterName">The argument's name for the exception.</param>
    /// <exception cref="ArgumentException">A reachable row is not a distribution, or a reachable symbol cannot lead to the end.</exception>
    public static void ThrowIfNameCanRunForever(ReadOnlySpan<float> probabilities, ReadOnlySpan<char> alphabet, string parameterName)
    {
        int v = alphabet.Length;
        var reachable = new bool[v];
        var queue = new int[v];

        // Forward from the start (row 0); stepping into 0 ends a name, so 0 is never expanded again.
        int head = 0;
        int tail = 0;
        queue[tail++] = 0;
        reachable[0] = true;
        while (head < tail)
        {
            int row = queue[head++];
            bool anyPositive = false;
            for (int j = 0; j < v; j++)
            {
                float p = probabilities[(row * v) + j];
                if (!(p >= 0) || float.IsPositiveInfinity(p))
                {
                    throw new ArgumentException($"Probability {p} at row {row}, column {j} is not a finite non-negative number.", parameterName);
                }

                if (p > 0)
                {
                    anyPositive = true;
                    if (!reachable[j])
                    {
                        reachable[j] = true;
                        queue[tail++] = j;
                    }
                }
            }

            if (!anyPositive)
            {
                throw new ArgumentException($"Row {row} ('{alphabet[row]}') is reachable from the start but all its probabilities are zero.", parameterName);
            }
        }

        var edges = new bool[v * v];
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = probabilities[i] > 0;
        }

        int trapped = ChainGraph.FirstSymbolThatCannotEnd(edges, v);
        if (trapped >= 0)
        {
            throw new ArgumentException(CannotEndMessage(trapped, alphabet), parameterName);
        }
    }

    /// <summary>The message for a symbol a name can reach but never leave for the end token.</summary>
    public static string CannotEndMessage(int symbol, ReadOnlySpan<char> alphabet) =>
        $"Symbol {symbol} ('{alphabet[symbol]}') is reachable from the start but can never lead to the end token, so a name could go on forever.";
}
