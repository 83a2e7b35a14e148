using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Makemore.Modeling.Tables;

namespace Makemore.NGram;

/// <summary>
/// A sampling step through narrow tables (8-byte <see cref="NGramSlot"/>s, 32-bit handles: first slot &lt;&lt; 9 |
/// escape &lt;&lt; 8 | count − 1), the format of every alphabet up to 256 symbols.
/// </summary>
/// <remarks>
/// A draw multiplies the 64-bit random number by the block's slot count: the high word of the 128-bit product is
/// the slot (each slot gets ⌊2^64/k⌋ or ⌈2^64/k⌉ of the 2^64 values) and the top 32 bits of the low word, uniform
/// within the slot, are compared with the slot's 32-bit keep threshold: first the high 16 bits with the half in the
/// slot, and only when they are equal (1 draw in 65,536) the low 16 bits. Every decision therefore realises the
/// model's double-precision probabilities to within 2^-33 per outcome (threshold rounding) plus 2^-64 (slot choice),
/// escape tables included. Keep or alias is chosen with a mask, not a branch: which one a draw takes is as random as
/// the draw.
/// </remarks>
internal readonly struct NarrowRecords : ITreeRecords
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref byte Base(scoped in NGramTable table) =>
        ref Unsafe.As<NGramSlot, byte>(ref MemoryMarshal.GetReference(table.Slots));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref byte Side(scoped in NGramTable table) =>
        ref Unsafe.As<ushort, byte>(ref MemoryMarshal.GetReference(table.ThresholdLows));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint Draw<TRandom>(ref TRandom random, ref byte slots, scoped in NGramTable table, ref ulong node)
        where TRandom : struct, IRandomSource
    {
        ref NGramSlot records = ref Unsafe.As<byte, NGramSlot>(ref slots);
        while (true)
        {
            // Handles come from the table itself, whose start handle the builder made. Every step is a chain of
            // dependent loads (handle, slot, alias slot, next handle), so the arithmetic between them is kept short:
            // the block's address is formed while the multiplication runs, indices are native-width (no sign
            // extension), and the outcome is picked from the two slots' words with the keep mask rather than loaded again.
            nuint first = (nuint)(node >> 9);
            ref NGramSlot block = ref Unsafe.Add(ref records, first);
            ulong bits = random.NextUInt64();
            uint count = ((uint)node & 0xFF) + 1;
            ulong column = NGramSampler.HighProduct(bits, count);
            ulong fraction = bits * count; // the low word of the product
            ref NGramSlot slot = ref Unsafe.Add(ref block, (nuint)column);
            ulong kept = slot.Bits;
            nint alias = slot.Alias; // loaded on its own rather than cut from the word: one step less on the chain
            ulong aliased = Unsafe.Add(ref block, alias).Bits;

            // Both possible next blocks are fetched now, while the keep decision is made: in a table of megabytes
            // the next block is often outside the core's caches, and this starts its load a step earlier.
            Touch(ref records, (uint)(kept >> 32));
            Touch(ref records, (uint)(aliased >> 32));
            long high = (long)(fraction >> 48);
            long threshold = slot.Threshold;
            long keep = (high - threshold) >> 63; // all ones when the draw's high half is below the threshold's
            if (high == threshold)
            {
                keep = ((long)((fraction >> 32) & 0xFFFF) - (long)table.ThresholdLows[(int)first + (int)column]) >> 63;
            }

            ulong chosen = aliased ^ ((kept ^ aliased) & (ulong)keep);
            nint index = alias + (((nint)column - alias) & (nint)keep);
            uint escapeKey = (uint)node & 0x1FF;
            node = chosen >> 32; // NGramSlot.Link
            if (((uint)index | 0x100) == escapeKey)
            {
                // The block's last slot with the handle's escape bit set: on to the escape table, which draws
                // from the parent without the symbols of the node escaped from.
                continue;
            }

            return (nuint)(byte)(chosen >> 24); // NGramSlot.Symbol
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint Step(ulong bits, ref byte slots, ref byte side, ulong start, ref ulong node, ref ulong excluded, out nuint advance)
    {
        // Draw's step without its loop, and without a branch on what comes out (an escape or the end is as random as
        // the draw): the chains side by side hide each other's load latency, so the step is kept short and straight.
        // The keep decision compares all 32 bits, with the threshold's low half read at slot 0 unless the high
        // halves tie (the one line of that array a draw without a tie reads, always in the cache): a branch there
        // would cost every step the values it keeps alive across it.
        ref NGramSlot records = ref Unsafe.As<byte, NGramSlot>(ref slots);
        ulong current = node;
        nuint first = (nuint)(current >> 9);
        ref NGramSlot block = ref Unsafe.Add(ref records, first);
        uint count = ((uint)current & 0xFF) + 1;
        ulong column = NGramSampler.HighProduct(bits, count);
        ulong fraction = bits * count;
        ref NGramSlot slot = ref Unsafe.Add(ref block, (nuint)column);
        ulong kept = slot.Bits;
        nint alias = slot.Alias;
        ulong aliased = Unsafe.Add(ref block, alias).Bits;
        if (BlockPrefetch.IsSupported)
        {
            // Both possible next blocks, as soon as their links are loaded: the chain reads one of them about seven
            // other chains' steps later, by when a line from the last-level cache has arrived. A prefetch, not a
            // load: a load that misses holds its place in the reorder buffer, which the other chains' steps fill.
            BlockPrefetch.Line(ref Unsafe.Add(ref records, (nuint)(kept >> 41))); // the link's first slot: (kept >> 32) >> 9
            BlockPrefetch.Line(ref Unsafe.Add(ref records, (nuint)(aliased >> 41)));
        }

        uint threshold = slot.Threshold;
        nuint tie = (nuint)(((long)((fraction >> 48) ^ threshold) - 1) >> 63); // all ones when the high halves are equal
        uint low = Unsafe.Add(ref Unsafe.As<byte, ushort>(ref side), (first + (nuint)column) & tie);
        long keep = ((long)(fraction >> 32) - (long)((threshold << 16) | low)) >> 63;
        ulong chosen = aliased ^ ((kept ^ aliased) & (ulong)keep);
        nint index = alias + (((nint)column - alias) & (nint)keep);
        nuint escape = ((uint)index | 0x100) == ((uint)current & 0x1FF) ? 1u : 0u;
        nuint symbol = (byte)(chosen >> 24); // NGramSlot.Symbol
        ulong link = chosen >> 32; // NGramSlot.Link
        ulong end = (symbol | escape) == 0 ? 1UL : 0UL; // a select the JIT would make a branch, mispredicted at every name's end
        node = link ^ ((link ^ start) & (0 - end));
        advance = escape ^ 1;
        return symbol;
    }

    /// <summary>
    /// Loads the first word of the block <paramref name="handle"/> refers to, for its cache line only. A volatile
    /// read, because the JIT drops a plain load whose value is not used. Every handle in a table, 0 after the end
    /// symbol included, points inside it. A name's draws are one chain, which waits for that line whether it was
    /// loaded or prefetched, so <see cref="Draw"/> needs no pointer (and no pinned table) for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Touch(ref NGramSlot slots, uint handle) =>
        _ = Volatile.Read(ref Unsafe.Add(ref slots, (nuint)(handle >> 9)).Bits);
}
