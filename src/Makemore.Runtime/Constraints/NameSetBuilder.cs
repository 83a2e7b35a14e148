using System.Collections.Generic;
using System;
using Makemore.Modeling.Parsing;

namespace Makemore.Constraints;

/// <summary>
/// The distinct names of a list as one compact, read-only hash set (<see cref="PackedNames"/>), built on a model's
/// first novel draw or <c>ContainsName</c> and read in place by <see cref="NameSet"/>.
/// </summary>
/// <remarks>
/// <para>
/// Bucket b's names lie between <see cref="PackedNames.Offsets"/>[b] and [b + 1] of
/// <see cref="PackedNames.Symbols"/>: each name's symbol indices followed by 0, the start/end token, which no name
/// contains. A name's bucket is <see cref="Hash"/> of its symbols, masked by B − 1, B the smallest power of two that
/// is at least half the number of names, so a lookup compares a name with two others on average.
/// </para>
/// </remarks>
internal static class NameSetBuilder
{
    /// <summary>The set of the list's distinct names.</summary>
    /// <param name="names">A valid names list.</param>
    /// <returns>The packed set (a list without names has one empty bucket).</returns>
    public static PackedNames Build(NameList names)
    {
        string alphabet = names.Alphabet;
        var index = new Dictionary<char, ushort>(alphabet.Length);
        for (int i = 1; i < alphabet.Length; i++)
        {
            index[alphabet[i]] = (ushort)i;
        }

        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var symbols = new List<ushort[]>();
        for (int i = 0; i < names.Count; i++)
        {
            string name = names.Text.Substring(names.NameStarts[i], names.NameLengths[i]);
            if (distinct.Add(name))
            {
                var encoded = new ushort[name.Length];
                for (int k = 0; k < name.Length; k++)
                {
                    encoded[k] = index[name[k]];
                }

                symbols.Add(encoded);
            }
        }

        int buckets = 1;
        while (buckets * 2 < symbols.Count)
        {
            buckets *= 2;
        }

        // Bucket by bucket: count, then place.
        var bucketOf = new int[symbols.Count];
        var offsets = new uint[buckets + 1];
        for (int i = 0; i < symbols.Count; i++)
        {
            bucketOf[i] = (int)(Hash(symbols[i]) & (uint)(buckets - 1));
            offsets[bucketOf[i] + 1] += (uint)symbols[i].Length + 1;
        }

        for (int b = 0; b < buckets; b++)
        {
            offsets[b + 1] += offsets[b];
        }

        var data = new ushort[offsets[buckets]];
        var cursor = (uint[])offsets.Clone();
        for (int i = 0; i < symbols.Count; i++)
        {
            ushort[] name = symbols[i];
            Array.Copy(name, 0, data, cursor[bucketOf[i]], name.Length);
            cursor[bucketOf[i]] += (uint)name.Length + 1; // the 0 after it is already there
        }

        return new PackedNames(offsets, data, symbols.Count);
    }

    /// <summary>The hash of no symbols (FNV-1a's offset basis).</summary>
    public const uint Seed = 2166136261;

    /// <summary>FNV-1a over the symbols, then a multiply-xorshift finish so that the low bits mix well.</summary>
    /// <param name="symbols">A name's symbol indices.</param>
    /// <returns>The hash.</returns>
    public static uint Hash(IReadOnlyList<ushort> symbols)
    {
        uint h = Seed;
        for (int i = 0; i < symbols.Count; i++)
        {
            h = Step(h, symbols[i]);
        }

        return Finish(h);
    }

    /// <summary>One symbol of the hash.</summary>
    public static uint Step(uint h, int symbol) => (h ^ (uint)symbol) * 16777619;

    /// <summary>The hash's finish.</summary>
    public static uint Finish(uint h)
    {
        h ^= h >> 16;
        h *= 0x7FEB352D;
        h ^= h >> 15;
        return h;
    }
}
