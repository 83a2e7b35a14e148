using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling.Smoothing;
using Makemore.Symbols;

namespace Makemore.NGram;

/// <summary>
/// Negative log-likelihood under an order-n model's tables: each name starts at the start node, and each of its
/// symbols and its end token adds −ln P(w | context): the pair's stored log-probability when w is a pair of the
/// context's node, else ln γ of the node plus the score at its parent. Sums in double; nothing is allocated.
/// </summary>
/// <remarks>
/// The stored log-probabilities are floats (relative error 2^-24, so ≈ 1e-7 on a name's NLL); the model's double
/// values are <see cref="NGramModel.Probability"/>.
/// </remarks>
internal static class NGramLikelihood
{
    /// <summary>The total NLL of one name: its length + 1 tokens.</summary>
    /// <exception cref="ArgumentException">A character is not a symbol of the model.</exception>
    public static double NegativeLogLikelihood(scoped in NGramTable table, ReadOnlySpan<char> name) =>
        SumName(table, name, 0, nameof(name));

    /// <summary>The average NLL per token over names, one per line, read as <see cref="NameLines"/> reads them.</summary>
    /// <exception cref="ArgumentException">The text holds no name, or a character that is not a symbol of the model.</exception>
    public static double AverageNegativeLogLikelihood(scoped in NGramTable table, ReadOnlySpan<char> text)
    {
        double total = 0;
        long tokens = 0;
        var names = new NameLines(text);
        while (names.MoveNext())
        {
            total += SumName(table, names.Current, names.Offset, nameof(text));
            tokens += names.Current.Length + 1;
        }

        if (tokens == 0)
        {
            throw NameLines.NoNames(nameof(text));
        }

        return total / tokens;
    }

    /// <summary>−ln P(w | node), and the handle of the node after w.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Score(scoped in NGramTable table, ulong node, int w, out ulong nextNode)
    {
        ReadOnlySpan<float> logProbabilities = table.LogProbabilities;
        double sum = 0;
        while (true)
        {
            int first = table.First(node);
            int pairs = table.Pairs(node);
            int found = table.IndexOfSymbol(first, pairs, w);

            // A node merged with its escape table holds the number of its own pairs in its escape slot's symbol
            // field (0 in other blocks) and ln γ_c in the slot before it; its other pairs hold ln P(w | parent).
            int escape = first + pairs;
            int own = pairs < table.Count(node) ? table.SymbolAt(escape) : 0;
            if (found >= 0)
            {
                if (found >= own && own != 0)
                {
                    sum -= logProbabilities[escape - 1];
                }

                nextNode = table.LinkAt(first + found);
                return sum - logProbabilities[first + found];
            }

            // Not a pair of this block (the root has every symbol, and a block without an escape every symbol
            // left, so this ends): P = γ · P(w | parent), the parent's without the block's pairs.
            if (own != 0)
            {
                sum -= logProbabilities[escape - 1];
            }

            sum -= logProbabilities[escape];
            node = table.LinkAt(escape);
        }
    }

    private static double SumName(scoped in NGramTable table, ReadOnlySpan<char> name, int offset, string parameterName)
    {
        double sum = 0;
        ulong node = table.StartHandle;
        for (int i = 0; i < name.Length; i++)
        {
            int w = SymbolLookup.IndexOf(table.Alphabet, table.AsciiIndex, name[i]);
            if (w <= 0)
            {
                SymbolLookup.ThrowNotASymbol(name[i], offset + i, table.Alphabet, parameterName);
            }

            sum += Score(table, node, w, out node);
        }

        return sum + Score(table, node, 0, out _);
    }

}
