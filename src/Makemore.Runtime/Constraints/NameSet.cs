using System;
using Makemore.Symbols;

namespace Makemore.Constraints;

/// <summary>
/// The names a model was built from, read in place from the packed set <see cref="NameSetBuilder"/> lays out:
/// membership in one hash and a short scan of one bucket, nothing allocated.
/// </summary>
internal readonly ref struct NameSet
{
    private readonly ReadOnlySpan<uint> _offsets;
    private readonly ReadOnlySpan<ushort> _names;
    private readonly uint _mask;

    /// <summary>Reads a packed set; null is a model without a names list.</summary>
    public NameSet(PackedNames? packed)
    {
        if (packed is null)
        {
            this = default;
            return;
        }

        _offsets = packed.Offsets;
        _names = packed.Symbols;
        _mask = (uint)packed.Offsets.Length - 2;
        Count = packed.Count;
    }

    /// <summary>Whether the model has its names (a model made from probabilities has none).</summary>
    public bool IsAvailable => !_offsets.IsEmpty;

    /// <summary>The number of distinct names.</summary>
    public int Count { get; }

    /// <summary>Whether the name, as characters of the model's alphabet, is in the set (false for a character outside it).</summary>
    public bool Contains(ReadOnlySpan<char> name, ReadOnlySpan<char> alphabet, ReadOnlySpan<byte> asciiIndex)
    {
        uint hash = NameSetBuilder.Seed;
        foreach (char c in name)
        {
            int s = SymbolLookup.IndexOf(alphabet, asciiIndex, c);
            if (s <= 0)
            {
                return false;
            }

            hash = NameSetBuilder.Step(hash, s);
        }

        return ContainsHashed(hash, name, alphabet);
    }

    /// <summary>
    /// Whether a name whose symbols hash to <paramref name="hash"/> (<see cref="NameSetBuilder.Step"/> over them
    /// from <see cref="NameSetBuilder.Seed"/>, not yet finished) is in the set: the bucket's names are compared with
    /// the characters through the alphabet, with nothing mapped or copied.
    /// </summary>
    private bool ContainsHashed(uint hash, ReadOnlySpan<char> name, ReadOnlySpan<char> alphabet)
    {
        if (!IsAvailable)
        {
            return false;
        }

        uint bucket = NameSetBuilder.Finish(hash) & _mask;
        ReadOnlySpan<ushort> names = _names[(int)_offsets[(int)bucket]..(int)_offsets[(int)bucket + 1]];
        while (!names.IsEmpty)
        {
            int end = names.IndexOf((ushort)0);
            if (end == name.Length && Matches(names[..end], name, alphabet))
            {
                return true;
            }

            names = names[(end + 1)..];
        }

        return false;
    }

    /// <summary>Every name of the set, as symbol indices, in storage order.</summary>
    public Enumerator GetEnumerator() => new(_names[..(int)(_offsets.IsEmpty ? 0 : _offsets[^1])]);

    private static bool Matches(ReadOnlySpan<ushort> symbols, ReadOnlySpan<char> name, ReadOnlySpan<char> alphabet)
    {
        for (int i = 0; i < symbols.Length; i++)
        {
            if (alphabet[symbols[i]] != name[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Walks the names, each a span of symbol indices.</summary>
    public ref struct Enumerator
    {
        private ReadOnlySpan<ushort> _rest;

        internal Enumerator(ReadOnlySpan<ushort> names)
        {
            _rest = names;
            Current = default;
        }

        public ReadOnlySpan<ushort> Current { get; private set; }

        public bool MoveNext()
        {
            if (_rest.IsEmpty)
            {
                return false;
            }

            int end = _rest.IndexOf((ushort)0);
            Current = _rest[..end];
            _rest = _rest[(end + 1)..];
            return true;
        }
    }
}
