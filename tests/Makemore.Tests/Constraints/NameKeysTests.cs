using System;
using System.Collections.Generic;
using System.Linq;
using Makemore.Constraints;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// The table of packed keys a novel draw checks its names against answers exactly as a <see cref="HashSet{T}"/> of
/// the list does: for every width of key (1 to 8 bits a symbol), around the longest name that packs into 64 bits
/// (the longer ones are looked up in the packed set), for names of the list, near misses, and characters outside
/// the alphabet.
/// </summary>
public class NameKeysTests
{
    /// <summary>Alphabets of 1, 4, 26, 40, 100 and 255 symbols: 1, 3, 5, 6, 7 and 8 bits a symbol.</summary>
    public static TheoryData<int> SymbolCounts() => new() { 1, 4, 26, 40, 100, 255 };

    [Theory]
    [MemberData(nameof(SymbolCounts))]
    public void Finds_exactly_the_listed_names(int symbolCount)
    {
        // Letters, then the Greek block and beyond, so that large alphabets go past ASCII.
        char[] symbols = Enumerable.Range(0, symbolCount).Select(i => i < 26 ? (char)('a' + i) : (char)(0x391 + i)).ToArray();
        int bits = Math.Max(1, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)symbolCount));
        int packable = 64 / bits;
        var random = new Random(symbolCount);

        // Lengths around the packable limit, and short names with few symbols so that probes often hit.
        string RandomName()
        {
            int length = random.Next(3) == 0 ? random.Next(Math.Max(1, packable - 2), packable + 4) : random.Next(1, 5);
            int used = Math.Min(symbolCount, 3);
            return new string(Enumerable.Range(0, length).Select(_ => symbols[random.Next(length > 4 ? symbolCount : used)]).ToArray());
        }

        string[] names = Enumerable.Range(0, 2000).Select(_ => RandomName()).Append(new string(symbols)).ToArray();
        var listed = names.ToHashSet(StringComparer.Ordinal);
        LanguageModel model = LanguageModel.FromText(string.Join("\n", names), 1);
        Assert.Equal(symbolCount + 1, model.Alphabet.Length);
        ModelTables tables = model.Tables;
        NameKeys keys = NameKeys.Of(tables, model);
        Assert.Same(keys, NameKeys.Of(tables, model));

        foreach (string name in listed)
        {
            Assert.True(keys.Contains(name, tables), name);
        }

        var probes = new List<string> { string.Empty, "?", symbols[0] + "?", new string(symbols[0], 300) };
        for (int i = 0; i < 20_000; i++)
        {
            string name = RandomName();
            probes.Add(name);
            probes.Add(name + symbols[^1]);
            probes.Add(name[..^1]);
        }

        // Near misses at the edge of a key: another first symbol, or one more symbol in front, which a key that lost
        // its top bits would confuse with the listed name.
        foreach (string name in listed.Where(name => name.Length >= packable - 1))
        {
            foreach (char s in symbols.Take(12))
            {
                probes.Add(s + name[1..]);
                probes.Add(s + name);
            }
        }

        int found = 0;
        foreach (string probe in probes)
        {
            bool expected = listed.Contains(probe);
            Assert.True(expected == keys.Contains(probe, tables), probe);
            found += expected ? 1 : 0;
        }

        // With one symbol, nearly every name of a few letters is listed: the others are the empty name and the misfits.
        Assert.True(found > 1000 && probes.Count - found > (symbolCount == 1 ? 2 : 10_000), "the probes must hold many names of the list and many others");
        Assert.Contains(listed, name => name.Length > packable);
        Assert.Contains(listed, name => name.Length == packable);
    }
}
