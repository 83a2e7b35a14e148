using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Makemore.NGram;

/// <summary>
/// Draws names from an order-n model's tables exactly as the interpolated model gives them (see
/// <see cref="Modeling.NGramTables"/>): at each node one 64-bit random number picks a slot from the node's alias
/// table; a pair yields its symbol, the escape goes on to the parent and excludes the node's own symbols. Nothing
/// is allocated and nothing is hashed: every step follows a stored node index.
/// </summary>
/// <remarks>
/// A draw multiplies the 64-bit random number by the node's slot count: the high word of the 128-bit product is
/// the slot (each slot gets ⌊2^64/k⌋ or ⌈2^64/k⌉ of the 2^64 values) and the top 32 bits of the low word, uniform
/// within the slot, are compared with the slot's 32-bit keep threshold. Every decision therefore realises the
/// model's double-precision probabilities to within 2^-33 (threshold rounding) plus 2^-64 (slot choice); the
/// exclusion after an escape is exact.
/// </remarks>
internal static class NGramSampler
{
    /// <summary>
    /// Draws the next symbol after the context <paramref name="node"/> and the node to continue from
    /// (meaningless after the end symbol 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextSymbol<TRandom>(ref TRandom random, scoped in NGramTable table, int node, out int nextNode)
        where TRandom : struct, IRandomSource
    {
        ref int nodeStart = ref MemoryMarshal.GetReference(table.NodeStart);
        ref byte symbol = ref MemoryMarshal.GetReference(table.Symbol);
        ref int next = ref MemoryMarshal.GetReference(table.Next);
        ref uint threshold = ref MemoryMarshal.GetReference(table.Threshold);
        ref byte alias = ref MemoryMarshal.GetReference(table.Alias);
        int excluded = -1;
        while (true)
        {
            // node < nodes and the slot indices lie inside NodeStart's ranges, which the table's constructor checked.
            int first = Unsafe.Add(ref nodeStart, node);
            uint slots = (uint)(Unsafe.Add(ref nodeStart, node + 1) - first);
            ulong column = Math.BigMul(random.NextUInt64(), slots, out ulong fraction);
            int slot = first + (int)column;
            if ((uint)(fraction >> 32) >= Unsafe.Add(ref threshold, slot))
            {
                slot = first + Unsafe.Add(ref alias, slot);
            }

            int to = Unsafe.Add(ref next, slot);
            if (to < 0)
            {
                excluded = node; // escape: draw from the parent, without this node's symbols
                node = ~to;
                continue;
            }

            int w = Unsafe.Add(ref symbol, slot);
            if (excluded >= 0 && HasPair(table, excluded, w))
            {
                continue; // a symbol of the node escaped from: draw again at this node
            }

            nextNode = to;
            return w;
        }
    }

    /// <summary>
    /// Writes one name (without boundary tokens) into <paramref name="destination"/> and returns its length. A
    /// name longer than the destination is discarded and drawn again (the result follows the model conditioned on
    /// length ≤ destination.Length); a destination shorter than the shortest possible name throws.
    /// </summary>
    public static int Sample<TRandom>(ref TRandom random, scoped in NGramTable table, Span<char> destination)
        where TRandom : struct, IRandomSource
    {
        if (destination.Length < table.ShortestName)
        {
            throw new ArgumentException($"The destination holds {destination.Length} characters but the shortest name this model can produce has {table.ShortestName}.", nameof(destination));
        }

        ReadOnlySpan<char> alphabet = table.Alphabet;
        TRandom rng = random;
        int length = 0;
        int node = table.StartNode;
        while (true)
        {
            int w = NextSymbol(ref rng, table, node, out node);
            if (w == 0)
            {
                break;
            }

            if (length == destination.Length)
            {
                length = 0; // too long for the caller's buffer: draw again
                node = table.StartNode;
                continue;
            }

            destination[length++] = alphabet[w];
        }

        random = rng;
        return length;
    }

    /// <summary>Whether <paramref name="w"/> is one of the node's pairs (its escape slot, if any, aside).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool HasPair(scoped in NGramTable table, int node, int w)
    {
        int first = table.NodeStart[node];
        int end = table.NodeStart[node + 1];
        if (table.Next[end - 1] < 0)
        {
            end--;
        }

        return table.Symbol[first..end].IndexOf((byte)w) >= 0;
    }
}
