using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Makemore.Modeling;
using Makemore.Sampling;

namespace Makemore.NGram;

/// <summary>
/// A sampling step through wide tables (16-byte <see cref="NGramWideSlot"/>s, 64-bit handles: first slot &lt;&lt; 17 |
/// escape &lt;&lt; 16 | count − 1), the format of alphabets of more than 256 symbols: the same draw as
/// <see cref="NarrowRecords"/>, with the whole 32-bit threshold in the slot.
/// </summary>
internal readonly struct WideRecords : ITreeRecords
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref byte Base(scoped in NGramTable table) =>
        ref Unsafe.As<NGramWideSlot, byte>(ref MemoryMarshal.GetReference(table.WideSlots));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint Draw<TRandom>(ref TRandom random, ref byte slots, scoped in NGramTable table, ref ulong node)
        where TRandom : struct, IRandomSource
    {
        ref NGramWideSlot records = ref Unsafe.As<byte, NGramWideSlot>(ref slots);
        while (true)
        {
            ref NGramWideSlot block = ref Unsafe.Add(ref records, (nuint)(node >> 17));
            ulong bits = random.NextUInt64();
            uint count = ((uint)node & 0xFFFF) + 1;
            ulong column = NGramSampler.HighProduct(bits, count);
            uint fraction = (uint)((bits * count) >> 32);
            ref NGramWideSlot slot = ref Unsafe.Add(ref block, (nuint)column);
            nuint index = fraction < slot.Threshold ? (nuint)column : slot.Alias;
            ref NGramWideSlot chosen = ref Unsafe.Add(ref block, index);
            bool escape = (node & 0x10000) != 0 && index == count - 1;
            node = chosen.Link;
            if (!escape)
            {
                return chosen.Symbol;
            }
        }
    }
}
