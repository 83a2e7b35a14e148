using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Makemore.Modeling;

namespace Makemore.NGram;

/// <summary>
/// Draws names from an order-n model's tables exactly as the interpolated model gives them (see
/// <see cref="NGramTables"/>): at each block one 64-bit random number picks a slot from the block's alias table; a
/// pair yields its symbol, an escape goes on to the escape table it links to, which draws from the parent without
/// the symbols of the node escaped from. Nothing is allocated, nothing is hashed and nothing is drawn again: every
/// step follows a stored handle to one 8-byte slot (and a second one of the same block when it takes the alias).
/// </summary>
/// <remarks>
/// A draw multiplies the 64-bit random number by the block's slot count: the high word of the 128-bit product is
/// the slot (each slot gets ⌊2^64/k⌋ or ⌈2^64/k⌉ of the 2^64 values) and the top 32 bits of the low word, uniform
/// within the slot, are compared with the slot's 32-bit keep threshold: first the high 16 bits with the half in the
/// slot, and only when they are equal (1 draw in 65,536) the low 16 bits with the threshold region. Every decision
/// therefore realises the model's double-precision probabilities to within 2^-33 per outcome (threshold rounding)
/// plus 2^-64 (slot choice), escape tables included. Keep or alias is chosen with a mask, not a
/// branch: which one a draw takes is as random as the draw.
/// </remarks>
internal static class NGramSampler
{
    /// <summary>
    /// Draws the next symbol after the context <paramref name="node"/> (a handle) and the handle of the node to
    /// continue from (meaningless after the end symbol 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextSymbol<TRandom>(ref TRandom random, scoped in NGramTable table, uint node, out uint nextNode)
        where TRandom : struct, IRandomSource
    {
        ref NGramSlot slots = ref MemoryMarshal.GetReference(table.Slots);
        while (true)
        {
            // Handles come from the table itself, whose start handle the constructor checked against its length.
            // Every step is a chain of dependent loads (handle, slot, chosen slot, next handle), so the arithmetic
            // between them is kept short: the block's address is formed while the multiplication runs, indices
            // are native-width (no sign extension), and the chosen slot is the alias plus the masked difference.
            nuint first = node >> NGramTables.HandleShift;
            ref NGramSlot block = ref Unsafe.Add(ref slots, first);
            ulong column = Math.BigMul(random.NextUInt64(), NGramTable.Count(node), out ulong fraction);
            ref NGramSlot slot = ref Unsafe.Add(ref block, (nuint)column);
            nint high = (nint)(fraction >> 48);
            nint threshold = slot.Threshold;
            nint alias = slot.Alias;
            nint keep = (high - threshold) >> 63; // all ones when the draw's high half is below the threshold's
            if (high == threshold)
            {
                keep = ((nint)((fraction >> 32) & 0xFFFF) - (nint)table.ThresholdLows[(int)first + (int)column]) >> 63;
            }

            nint index = alias + (((nint)column - alias) & keep);
            ref NGramSlot chosen = ref Unsafe.Add(ref block, index);
            uint escapeKey = node & 0x1FF;
            node = chosen.Link;
            if (((uint)index | 0x100) == escapeKey)
            {
                // The block's last slot with the handle's escape bit set: on to the escape table, which draws
                // from the parent without the symbols of the node escaped from.
                continue;
            }

            nextNode = node;
            return chosen.Symbol;
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
        uint node = table.StartHandle;
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
                node = table.StartHandle;
                continue;
            }

            destination[length++] = alphabet[w];
        }

        random = rng;
        return length;
    }
}
