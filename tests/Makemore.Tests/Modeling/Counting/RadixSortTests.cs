using System.Linq;
using System;
using CsCheck;
using Makemore.Modeling.Counting;
using Xunit;

namespace Makemore.Tests.Modeling.Counting;

/// <summary>The radix sort of counting and block placement, against LINQ's stable sort, at every key width it is given.</summary>
public sealed class RadixSortTests
{
    [Fact]
    public void Sorts_keys_of_any_width_stably_as_a_comparison_sort_does()
    {
        Gen.Select(Gen.Int[1, 64], Gen.Int[0, 3000], Gen.Int[0, 8], Gen.ULong)
            .Sample((bits, length, distinct, seed) =>
            {
                // Few distinct keys make ties, which must keep the items' order.
                var random = new Random((int)(seed % int.MaxValue));
                ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
                ulong Next() => (((ulong)random.NextInt64() << 32) ^ (ulong)random.NextInt64()) & mask;
                ulong[] pool = Enumerable.Range(0, distinct + 1).Select(_ => Next()).ToArray();
                ulong[] keys = Enumerable.Range(0, length).Select(_ => distinct == 0 ? Next() : pool[random.Next(pool.Length)]).ToArray();
                int[] items = Enumerable.Range(0, length).ToArray();
                (ulong Key, int Item)[] expected = keys.Select((k, i) => (k, i)).OrderBy(p => p.k).ToArray();

                ulong[] sorted = (ulong[])keys.Clone();
                int[] moved = (int[])items.Clone();
                var keyScratch = new ulong[length];
                var itemScratch = new int[length];
                RadixSort.Sort(ref sorted, ref moved, bits, ref keyScratch, ref itemScratch);

                Assert.Equal(expected.Select(p => p.Key), sorted);
                Assert.Equal(expected.Select(p => p.Item), moved);
            });
    }

    [Fact]
    public void Reuses_its_scratch_from_one_sort_to_the_next()
    {
        ulong[] keys = [5, 3, 9, 3, 1];
        int[] items = [0, 1, 2, 3, 4];
        var keyScratch = new ulong[5];
        var itemScratch = new int[5];
        RadixSort.Sort(ref keys, ref items, 4, ref keyScratch, ref itemScratch);
        Assert.Equal([1UL, 3, 3, 5, 9], keys);
        Assert.Equal([4, 1, 3, 0, 2], items);

        // The arrays may have swapped roles: the next sort writes into whichever are scratch now.
        for (int i = 0; i < 5; i++)
        {
            keys[i] = (ulong)(10 - i);
            items[i] = i;
        }

        RadixSort.Sort(ref keys, ref items, 4, ref keyScratch, ref itemScratch);
        Assert.Equal([6UL, 7, 8, 9, 10], keys);
        Assert.Equal([4, 3, 2, 1, 0], items);
        Assert.NotSame(keys, keyScratch);
        Assert.NotSame(items, itemScratch);
    }
}
