// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling.Counting;

/// <summary>
/// Least-significant-byte-first radix sort of packed keys with an item each: n-gram keys are a few dozen bits, so a
/// few linear passes replace a comparison sort (the generator's time budget is tight, and so is a model's first use).
/// </summary>
internal static class RadixSort
{
    /// <summary>Sorts <paramref name="keys"/> ascending over their low <paramref name="bits"/> bits (the rest must be zero), moving the items along; stable.</summary>
    public static void Sort(ref ulong[] keys, ref int[] items, int bits)
    {
        int bytes = (bits + 7) / 8;
        int length = keys.Length;
        var keyBuffer = new ulong[length];
        var itemBuffer = new int[length];
        var histogram = new int[256];
        for (int b = 0; b < bytes; b++)
        {
            int shift = 8 * b;
            System.Array.Clear(histogram, 0, histogram.Length);
            for (int i = 0; i < length; i++)
            {
                histogram[(int)((keys[i] >> shift) & 0xFF)]++;
            }

            if (length == 0 || histogram[(int)((keys[0] >> shift) & 0xFF)] == length)
            {
                continue; // every key has the same byte here: the pass would not move anything
            }

            int sum = 0;
            for (int d = 0; d < 256; d++)
            {
                int c = histogram[d];
                histogram[d] = sum;
                sum += c;
            }

            for (int i = 0; i < length; i++)
            {
                int at = histogram[(int)((keys[i] >> shift) & 0xFF)]++;
                keyBuffer[at] = keys[i];
                itemBuffer[at] = items[i];
            }

            (keys, keyBuffer) = (keyBuffer, keys);
            (items, itemBuffer) = (itemBuffer, items);
        }
    }
}
