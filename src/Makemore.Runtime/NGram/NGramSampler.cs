using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Threading;
using Makemore.Modeling;
using Makemore.Sampling;

namespace Makemore.NGram;

/// <summary>
/// Draws names from an order-n model's tables exactly as the interpolated model gives them (see
/// <see cref="NGramTables"/>): at each block one 64-bit random number picks a slot from the block's alias table; a
/// pair yields its symbol, an escape goes on to the escape table it links to, which draws from the parent without
/// the symbols of the node escaped from. Nothing is allocated, nothing is hashed and nothing is drawn again: every
/// step follows a stored handle to one 8-byte slot and its alias, a second one of the same block.
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
        where TRandom : struct, IRandomSource =>
        (int)Draw(ref random, ref MemoryMarshal.GetReference(table.Slots), table, node, out nextNode);

    /// <summary><see cref="NextSymbol"/> with the slots' address from the caller, who keeps it across the name.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Draw<TRandom>(ref TRandom random, ref NGramSlot slots, scoped in NGramTable table, uint node, out uint nextNode)
        where TRandom : struct, IRandomSource
    {
        while (true)
        {
            // Handles come from the table itself, whose start handle the constructor checked against its length.
            // Every step is a chain of dependent loads (handle, slot, alias slot, next handle), so the arithmetic
            // between them is kept short: the block's address is formed while the multiplication runs, indices
            // are native-width (no sign extension), and the outcome is picked from the two slots' words with the
            // keep mask rather than loaded again.
            nuint first = node >> NGramTables.HandleShift;
            ref NGramSlot block = ref Unsafe.Add(ref slots, first);
            ulong bits = random.NextUInt64();
            uint count = NGramTable.Count(node);
            ulong column = HighProduct(bits, count);
            ulong fraction = bits * count; // the low word of the product
            ref NGramSlot slot = ref Unsafe.Add(ref block, (nuint)column);
            ulong kept = slot.Bits;
            nint alias = slot.Alias; // loaded on its own rather than cut from the word: one step less on the chain
            ulong aliased = Unsafe.Add(ref block, alias).Bits;

            // Both possible next blocks are fetched now, while the keep decision is made: in a table of megabytes
            // the next block is often outside the core's caches, and this starts its load a step earlier.
            Touch(ref slots, (uint)(kept >> 32));
            Touch(ref slots, (uint)(aliased >> 32));
            long high = (long)(fraction >> 48);
            long threshold = slot.Threshold;
            long keep = (high - threshold) >> 63; // all ones when the draw's high half is below the threshold's
            if (high == threshold)
            {
                keep = ((long)((fraction >> 32) & 0xFFFF) - (long)table.ThresholdLows[(int)first + (int)column]) >> 63;
            }

            ulong chosen = aliased ^ ((kept ^ aliased) & (ulong)keep);
            nint index = alias + (((nint)column - alias) & (nint)keep);
            uint escapeKey = node & 0x1FF;
            node = (uint)(chosen >> 32); // NGramSlot.Link
            if (((uint)index | 0x100) == escapeKey)
            {
                // The block's last slot with the handle's escape bit set: on to the escape table, which draws
                // from the parent without the symbols of the node escaped from.
                continue;
            }

            nextNode = node;
            return (nuint)(byte)(chosen >> 24); // NGramSlot.Symbol
        }
    }

    /// <summary>
    /// The high word of the 128-bit product. Math.BigMul's low word comes back through memory (an out parameter,
    /// which also has the method zero a stack slot on every call); the low word is a plain multiplication.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HighProduct(ulong bits, uint count) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(bits, count) : Math.BigMul(bits, count, out _);

    /// <summary>
    /// Loads the first word of the block <paramref name="handle"/> refers to, for its cache line only: a prefetch
    /// without pointers (the library has no unsafe code). A volatile read, because the JIT drops a plain load whose
    /// value is not used. Every handle in a table, 0 after the end symbol included, points inside it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Touch(ref NGramSlot slots, uint handle) =>
        _ = Volatile.Read(ref Unsafe.Add(ref slots, (nuint)(handle >> NGramTables.HandleShift)).Bits);

    /// <summary>
    /// Writes one name (without boundary tokens) into <paramref name="destination"/> and returns its length. A
    /// name longer than the destination is discarded and drawn again (the result follows the model conditioned on
    /// length ≤ destination.Length); a destination shorter than the shortest possible name throws.
    /// </summary>
    /// <remarks>
    /// Inlined into its callers: a call's fixed cost is a tenth of an order-6 name, and left to dynamic PGO the JIT
    /// inlined it in some processes and not in others (order 6 measured anywhere from 112 to 131 ns).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Sample<TRandom>(ref TRandom random, scoped in NGramTable table, Span<char> destination)
        where TRandom : struct, IRandomSource
    {
        if (destination.Length < table.ShortestName)
        {
            SpanSampling.ThrowDestinationTooShort(destination.Length, table.ShortestName, nameof(destination));
        }

        return SampleFrom(ref random, table, table.StartHandle, destination);
    }

    /// <summary>
    /// Writes the rest of a name drawn from the context <paramref name="start"/> (a handle) into
    /// <paramref name="destination"/> and returns its length, drawing again from <paramref name="start"/> when it
    /// does not fit: <see cref="Sample"/> from the start node, and the constrained sampler after a prefix. Gives up
    /// after <see cref="SpanSampling.MaxSymbols"/> symbols without a name that fits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SampleFrom<TRandom>(ref TRandom random, scoped in NGramTable table, uint start, Span<char> destination)
        where TRandom : struct, IRandomSource =>
        SampleFrom(ref random, table, start, destination, SpanSampling.MaxSymbols);

    /// <summary>The same, giving up after <paramref name="maxSymbols"/> symbols (the tests' short fuse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int SampleFrom<TRandom>(ref TRandom random, scoped in NGramTable table, uint start, Span<char> destination, long maxSymbols)
        where TRandom : struct, IRandomSource
    {
        // The messages are built elsewhere: their string handlers' locals would otherwise be zeroed on every call.
        // The loop keeps few values live (references, native-width length) so that the JIT keeps them in
        // registers; the symbols spent on names that did not fit are counted only when one does not.
        ref NGramSlot slots = ref MemoryMarshal.GetReference(table.Slots);
        ReadOnlySpan<char> alphabet = table.Alphabet;
        ref char name = ref MemoryMarshal.GetReference(destination);
        nuint capacity = (nuint)destination.Length;
        TRandom rng = random;
        nuint length = 0;
        long discarded = 0;
        uint node = start;
        while (true)
        {
            nuint w = Draw(ref rng, ref slots, table, node, out node);
            if (w == 0)
            {
                break;
            }

            if (length == capacity)
            {
                // Too long for the caller's buffer: draw again.
                discarded += (long)capacity + 1;
                if (discarded >= maxSymbols)
                {
                    SpanSampling.ThrowNoNameFits(destination.Length, discarded);
                }

                length = 0;
                node = start;
                continue;
            }

            Unsafe.Add(ref name, length++) = alphabet[(int)w];
        }

        random = rng;
        return (int)length;
    }
}
