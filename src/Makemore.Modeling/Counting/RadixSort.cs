// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;

namespace Makemore.Modeling.Counting;

/// <summary>
/// Least-significant-digit-first radix sort of packed keys with an item each: a few linear passes replace a comparison
/// sort (a model's first use has a tight time budget). The table layout sorts its blocks by the bits of their expected
/// visits with it; counting no longer sorts whole levels (<see cref="NGramLevelBuilder"/>).
/// </summary>
internal static class RadixSort
{
    /// <summary>The widest digit: 2^11 buckets, whose counters fit a core's L1 cache.</summary>
    private const int MaxDigitBits = 11;

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending over their low <paramref name="bits"/> bits (the rest must be zero),
    /// moving the items along; stable. The scratch arrays, of the keys' length, are reused from one sort to the next:
    /// the sorted keys and items end up in <paramref name="keys"/> and <paramref name="items"/>, which may then be the
    /// arrays that were scratch.
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    public static void Sort(ref ulong[] keys, ref int[] items, int bits, ref ulong[] keyBuffer, ref int[] itemBuffer)
    {
        int length = keys.Length;
        int passes = (bits + MaxDigitBits - 1) / MaxDigitBits;
        if (passes == 0)
        {
            return;
        }

        // Digits as even as the bits allow, so that 12 bits take two passes of 6 rather than 11 and 1.
        int digitBits = (bits + passes - 1) / passes;
        ulong mask = (1UL << digitBits) - 1;
        var histogram = new int[1 << digitBits];
        for (int pass = 0; pass < passes; pass++)
        {
            int shift = digitBits * pass;
            System.Array.Clear(histogram, 0, histogram.Length);
            for (int i = 0; i < length; i++)
            {
                histogram[(int)((keys[i] >> shift) & mask)]++;
            }

            if (length == 0 || histogram[(int)((keys[0] >> shift) & mask)] == length)
            {
                continue; // every key has the same digit here: the pass would not move anything
            }

            int sum = 0;
            for (int d = 0; d < histogram.Length; d++)
            {
                int c = histogram[d];
                histogram[d] = sum;
                sum += c;
            }

            for (int i = 0; i < length; i++)
            {
                int at = histogram[(int)((keys[i] >> shift) & mask)]++;
                keyBuffer[at] = keys[i];
                itemBuffer[at] = items[i];
            }

            (keys, keyBuffer) = (keyBuffer, keys);
            (items, itemBuffer) = (itemBuffer, items);
        }
    }
}
