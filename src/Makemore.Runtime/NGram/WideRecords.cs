using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System;
using Makemore.Modeling.Tables;

namespace Makemore.NGram;

/// <summary>
/// A sampling step through wide tables (16-byte <see cref="NGramWideSlot"/>s, 64-bit handles: first slot &lt;&lt; 17 |
/// escape &lt;&lt; 16 | count − 1), the format of alphabets of more than 256 symbols. The draw within a block is the
/// one <see cref="NarrowRecords"/> makes, with the whole 32-bit threshold in the slot. Wide tables have no escape
/// tables (<see cref="NGramTableFormat"/>): an escape links to the parent's block, whose draws are taken again while
/// they give one of the pairs of the block escaped from (its symbols are sorted, so a binary search finds them).
/// </summary>
internal readonly struct WideRecords : ITreeRecords
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref byte Base(scoped in NGramTable table) =>
        ref Unsafe.As<NGramWideSlot, byte>(ref MemoryMarshal.GetReference(table.WideSlots));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref byte Side(scoped in NGramTable table) =>
        ref Unsafe.As<ushort, byte>(ref MemoryMarshal.GetReference(table.WideSymbols));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint Draw<TRandom>(ref TRandom random, ref byte slots, scoped in NGramTable table, ref ulong node)
        where TRandom : struct, IRandomSource
    {
        ref byte side = ref Side(table);
        ulong start = table.StartHandle;
        ulong excluded = 0;
        while (true)
        {
            nuint symbol = Step(random.NextUInt64(), ref slots, ref side, start, ref node, ref excluded, out nuint advance);
            if (advance != 0)
            {
                return symbol;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint Step(ulong bits, ref byte slots, ref byte side, ulong start, ref ulong node, ref ulong excluded, out nuint advance)
    {
        // The block escaped from is kept as its handle: a block with an escape has its escape bit set, so never 0.
        ref NGramWideSlot records = ref Unsafe.As<byte, NGramWideSlot>(ref slots);
        ulong current = node;
        int first = (int)(current >> 17);
        ref NGramWideSlot block = ref Unsafe.Add(ref records, (nuint)first);
        uint count = ((uint)current & 0xFFFF) + 1;
        ulong column = NGramSampler.HighProduct(bits, count);
        uint fraction = (uint)((bits * count) >> 32);
        ref NGramWideSlot slot = ref Unsafe.Add(ref block, (nuint)column);
        nuint index = fraction < slot.Threshold ? (nuint)column : slot.Alias;
        ref NGramWideSlot chosen = ref Unsafe.Add(ref block, index);
        advance = 0;
        if ((current & 0x10000) != 0 && index == count - 1)
        {
            excluded = current;
            node = chosen.Link;
            return 0;
        }

        if (excluded != 0 && MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref Unsafe.As<byte, ushort>(ref side), (nuint)(excluded >> 17)), (int)(excluded & 0xFFFF)).BinarySearch(chosen.Symbol) >= 0)
        {
            return 0; // a pair of the node escaped from: draw the parent again
        }

        excluded = 0;
        advance = 1;
        nuint symbol = chosen.Symbol;
        node = symbol == 0 ? start : chosen.Link;
        return symbol;
    }
}
