using System.Numerics;
using System.Runtime.CompilerServices;
using System;
using Makemore.Symbols;

namespace Makemore.Constraints;

/// <summary>
/// The list's names as 64-bit keys, for the check a novel draw makes after every name: the name's symbols packed
/// side by side are its key. A 1-byte-per-name filter, small enough to stay in cache, turns away about 95% of the
/// names that are not listed; the rest, and the listed ones, probe an open-addressed table of the keys. Names too
/// long to pack (38 of the lecture's 29,494) are looked up in the <see cref="NameSet"/> instead.
/// </summary>
/// <remarks>
/// The packed set a model carries (<see cref="NameSet"/>) is laid out for size: its lookup reads a bucket's offsets,
/// then its names, two cache misses and a comparison loop. The table of keys alone costs one miss, as most of a
/// model's new names are rare and their slots cold; the filter spares the new names even that, while the listed
/// names a model draws again and again keep their slots warm. Built once per model, on the first novel draw, from
/// the packed set, and kept for the model's lifetime: 17 bytes per name or fewer (the lecture's: 512 KB of keys and
/// 32 KB of filter).
/// </remarks>
internal sealed class NameKeys
{
    private static readonly ConditionalWeakTable<object, NameKeys> Cache = new();

    // Slots hold keys, 0 for an empty slot: no name packs to 0, its symbols being 1 or more.
    private readonly ulong[] _slots;
    private readonly ulong[] _filter;
    private readonly int _shift;
    private readonly int _wordMask;
    private readonly int _bits;
    private readonly int _packable;
    private readonly int _longest;

    private NameKeys(NameSet names, int alphabetLength)
    {
        // Bits per symbol: enough for the largest index, V − 1.
        _bits = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)(alphabetLength - 1)));
        _packable = 64 / _bits;
        int packed = 0;
        foreach (ReadOnlySpan<ushort> name in names)
        {
            _longest = Math.Max(_longest, name.Length);
            packed += name.Length <= _packable && !name.IsEmpty ? 1 : 0;
        }

        // At most half the slots full, so that a probe finds its key or an empty slot at once, almost always.
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, 2 * packed));
        _slots = new ulong[size];
        _shift = 64 - BitOperations.Log2((uint)size);
        ulong mask = (ulong)size - 1;

        // At least 8 bits per name, two set per name in one word: about 5% of the names not listed pass.
        int words = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, packed / 8));
        _filter = new ulong[words];
        _wordMask = words - 1;
        foreach (ReadOnlySpan<ushort> name in names)
        {
            if (name.Length > _packable || name.IsEmpty)
            {
                continue;
            }

            ulong key = 0;
            foreach (ushort s in name)
            {
                key = (key << _bits) | s;
            }

            ulong slot = Slot(key);
            while (_slots[slot] != 0 && _slots[slot] != key)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = key;
            ulong h = FilterHash(key);
            _filter[(int)h & _wordMask] |= FilterBits(h);
        }
    }

    /// <summary>The table of a model's names, made on first use and kept for as long as <paramref name="owner"/> lives.</summary>
    /// <remarks>The model must have its names (<see cref="NameSet.IsAvailable"/>).</remarks>
    public static NameKeys Of(scoped in ModelTables tables, object owner)
    {
        if (Cache.TryGetValue(owner, out NameKeys? keys))
        {
            return keys;
        }

        keys = new NameKeys(tables.Names, tables.Alphabet.Length);
        return Cache.GetValue(owner, _ => keys);
    }

    /// <summary>Whether the name, as characters of the model's alphabet, is one of the list's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ReadOnlySpan<char> name, scoped in ModelTables tables)
    {
        if (name.Length > _packable)
        {
            return name.Length <= _longest && tables.Names.Contains(name, tables.Alphabet, tables.AsciiIndex);
        }

        ReadOnlySpan<byte> asciiIndex = tables.AsciiIndex;
        ulong key = 0;
        foreach (char c in name)
        {
            int s = SymbolLookup.IndexOf(tables.Alphabet, asciiIndex, c);
            if (s <= 0)
            {
                return false;
            }

            key = (key << _bits) | (uint)s;
        }

        ulong h = FilterHash(key);
        ulong bits = FilterBits(h);
        if ((_filter[(int)h & _wordMask] & bits) != bits)
        {
            return false;
        }

        ulong[] slots = _slots;
        ulong mask = (ulong)slots.Length - 1;
        for (ulong slot = Slot(key); key != 0; slot = (slot + 1) & mask)
        {
            ulong found = slots[slot];
            if (found == key)
            {
                return true;
            }

            if (found == 0)
            {
                return false;
            }
        }

        return false; // the empty name: never listed
    }

    // The filter's hash: another multiply, folded so that its low bits (the word) depend on the whole key too.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FilterHash(ulong key)
    {
        ulong h = key * 0xC2B2AE3D27D4EB4FUL;
        return h ^ (h >> 32);
    }

    // Two bits of the word, picked by the hash's top twelve bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FilterBits(ulong h) => (1UL << (int)(h >> 58)) | (1UL << (int)((h >> 52) & 63));

    // Fibonacci hashing: the multiply spreads the key's bits into the top ones, which pick the slot.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Slot(ulong key) => (key * 0x9E3779B97F4A7C15UL) >> _shift;
}
