// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;
using System.Collections.Generic;

namespace Makemore.Modeling;

/// <summary>
/// The distinct names of a list as one compact, read-only hash set, packed into UTF-16 code units so that the
/// generator emits it as one string literal and the runtime reads it in place (<c>Makemore.Constraints.NameSet</c>).
/// </summary>
/// <remarks>
/// <para>
/// Layout, in little-endian 32-bit words stored two code units each: the bucket count B (a power of two), the
/// number of distinct names, then B + 1 byte offsets into the name bytes that follow, bucket b's names lying
/// between offsets b and b + 1. The name bytes (packed two to a code unit) are each name's symbol indices
/// followed by 0, the boundary symbol, which no name contains.
/// </para>
/// <para>
/// A name's bucket is <see cref="Hash"/> of its symbols, masked by B − 1. B is the smallest power of two that is
/// at least half the number of names, so a lookup compares a name with two others on average: about 1.5 bytes
/// per name of offsets on top of the names' own bytes.
/// </para>
/// </remarks>
internal static class NameSetBuilder
{
    /// <summary>Code units of the header: the bucket count and the name count.</summary>
    public const int HeaderLength = 4;

    /// <summary>The set of the list's distinct names.</summary>
    /// <param name="names">A valid names list.</param>
    /// <returns>The packed set (never empty: a list without names still has its header and one offset).</returns>
    public static string Build(NameList names)
    {
        string alphabet = names.Alphabet;
        byte[] ascii = SymbolIndex.BuildAscii(alphabet);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var symbols = new List<byte[]>();
        for (int i = 0; i < names.Count; i++)
        {
            string name = names.Text.Substring(names.NameStarts[i], names.NameLengths[i]);
            if (distinct.Add(name))
            {
                var bytes = new byte[name.Length];
                for (int k = 0; k < name.Length; k++)
                {
                    char c = name[k];
                    bytes[k] = c < SymbolIndex.AsciiLength ? ascii[c] : (byte)alphabet.IndexOf(c);
                }

                symbols.Add(bytes);
            }
        }

        int buckets = 1;
        while (buckets * 2 < symbols.Count)
        {
            buckets *= 2;
        }

        // Bucket by bucket: count, then place.
        var bucketOf = new int[symbols.Count];
        var bytesIn = new int[buckets + 1];
        for (int i = 0; i < symbols.Count; i++)
        {
            bucketOf[i] = (int)(Hash(symbols[i]) & (uint)(buckets - 1));
            bytesIn[bucketOf[i] + 1] += symbols[i].Length + 1;
        }

        for (int b = 0; b < buckets; b++)
        {
            bytesIn[b + 1] += bytesIn[b];
        }

        var data = new byte[bytesIn[buckets]];
        var cursor = (int[])bytesIn.Clone();
        for (int i = 0; i < symbols.Count; i++)
        {
            byte[] name = symbols[i];
            Array.Copy(name, 0, data, cursor[bucketOf[i]], name.Length);
            cursor[bucketOf[i]] += name.Length + 1; // the 0 after it is already there
        }

        var chars = new char[HeaderLength + (2 * (buckets + 1)) + ((data.Length + 1) / 2)];
        Word(chars, 0, (uint)buckets);
        Word(chars, 1, (uint)symbols.Count);
        for (int b = 0; b <= buckets; b++)
        {
            Word(chars, 2 + b, (uint)bytesIn[b]);
        }

        int start = HeaderLength + (2 * (buckets + 1));
        for (int i = 0; i < data.Length; i++)
        {
            chars[start + (i / 2)] |= (char)(data[i] << (8 * (i % 2)));
        }

        return new string(chars);
    }

    /// <summary>The hash of no symbols (FNV-1a's offset basis).</summary>
    public const uint Seed = 2166136261;

    /// <summary>FNV-1a over the symbols, then a multiply-xorshift finish so that the low bits mix well.</summary>
    /// <param name="symbols">A name's symbol indices.</param>
    /// <returns>The hash.</returns>
    public static uint Hash(IReadOnlyList<byte> symbols)
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

    private static void Word(char[] chars, int word, uint value)
    {
        chars[2 * word] = (char)(value & 0xFFFF);
        chars[(2 * word) + 1] = (char)(value >> 16);
    }
}
