using System;
using System.Collections.Generic;
using System.Globalization;

namespace Makemore.Training.Transformer;

/// <summary>
/// The model's alphabet: index 0 stands for the boundary (start/end) token, 1… are the names' characters in
/// increasing order, as the names list parser makes it; a character's index through a table of all 65,536 chars.
/// </summary>
internal sealed class SymbolTable
{
    private readonly int[] _index = new int[char.MaxValue + 1];

    public SymbolTable(string alphabet)
    {
        Alphabet = alphabet;
        Array.Fill(_index, -1);
        for (int i = 1; i < alphabet.Length; i++)
        {
            _index[alphabet[i]] = i;
        }
    }

    /// <summary>Index 0 the boundary's stand-in, then the characters.</summary>
    public string Alphabet { get; }

    /// <summary>Symbols, the boundary included.</summary>
    public int Count => Alphabet.Length;

    /// <summary>Each name's symbols, flat, with where each name starts; throws naming a character the alphabet lacks.</summary>
    public EncodedNames Encode(IReadOnlyList<string> names, string part)
    {
        var starts = new int[names.Count + 1];
        int total = 0;
        for (int n = 0; n < names.Count; n++)
        {
            starts[n] = total;
            total += names[n].Length;
        }

        starts[names.Count] = total;
        var symbols = new ushort[total];
        for (int n = 0; n < names.Count; n++)
        {
            string name = names[n];
            for (int i = 0; i < name.Length; i++)
            {
                int symbol = _index[name[i]];
                if (symbol < 0)
                {
                    throw new ArgumentException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The {part} part's name {n + 1} ('{name}') has the character '{name[i]}' (U+{(int)name[i]:X4}) at position {i + 1}, which is not in the model's alphabet."));
                }

                symbols[starts[n] + i] = (ushort)symbol;
            }
        }

        return new EncodedNames(symbols, starts);
    }
}

/// <summary>Names as symbol indices (1…; the boundary 0 is implied around each), flat.</summary>
internal sealed class EncodedNames
{
    private readonly ushort[] _symbols;
    private readonly int[] _starts;

    public EncodedNames(ushort[] symbols, int[] starts)
    {
        _symbols = symbols;
        _starts = starts;
    }

    public int Count => _starts.Length - 1;

    /// <summary>The symbols of name <paramref name="index"/>.</summary>
    public ReadOnlySpan<ushort> this[int index] => _symbols.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);

    /// <summary>Length of the longest name.</summary>
    public int LongestName
    {
        get
        {
            int longest = 0;
            for (int i = 0; i < Count; i++)
            {
                longest = Math.Max(longest, _starts[i + 1] - _starts[i]);
            }

            return longest;
        }
    }

    /// <summary>Index of the first name longer than <paramref name="length"/>, or −1.</summary>
    public int FirstLongerThan(int length)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_starts[i + 1] - _starts[i] > length)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The tokens the loss counts: each name's characters and its end.</summary>
    public long TokenCount => _symbols.Length + (long)Count;
}
