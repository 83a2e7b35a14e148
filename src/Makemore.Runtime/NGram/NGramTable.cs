using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Tables;

namespace Makemore.NGram;

/// <summary>
/// The arrays of an order-n model (<see cref="NGramTables"/> describes the layout) as spans, with the lookups that
/// read either record format (<see cref="NGramTableFormat"/>): what scoring, the constrained sampler's context graph
/// and the tests read. Sampling reads the records directly (<see cref="NGramSampler"/>).
/// </summary>
internal readonly ref struct NGramTable
{
    /// <summary>Wraps a model's tables and its ASCII index.</summary>
    /// <exception cref="ArgumentException">The index is not 128 entries long.</exception>
    public NGramTable(NGramTables tables, ReadOnlySpan<byte> asciiIndex)
    {
        if (asciiIndex.Length != SymbolIndex.AsciiLength)
        {
            throw new ArgumentException($"The ASCII index table must have {SymbolIndex.AsciiLength} entries.", nameof(asciiIndex));
        }

        Tables = tables;
        AsciiIndex = asciiIndex;
        IsWide = !tables.Format.IsNarrow;
        Alphabet = tables.Alphabet;
        StartHandle = tables.StartHandle;
        ShortestName = tables.ShortestName;
        Slots = tables.Slots;
        ThresholdLows = tables.ThresholdLows;
        Symbols = tables.Symbols;
        WideSlots = tables.WideSlots;
        WideSymbols = tables.WideSymbols;
        LogProbabilities = tables.LogProbabilities;
    }

    /// <summary>The arrays behind the spans (for work on other threads).</summary>
    public NGramTables Tables { get; }

    public ReadOnlySpan<char> Alphabet { get; }

    public ReadOnlySpan<byte> AsciiIndex { get; }

    /// <summary>Whether the records are 16-byte <see cref="NGramWideSlot"/>s rather than 8-byte <see cref="NGramSlot"/>s.</summary>
    public bool IsWide { get; }

    public ulong StartHandle { get; }

    public int ShortestName { get; }

    /// <summary>Narrow tables: the sampling slots.</summary>
    public ReadOnlySpan<NGramSlot> Slots { get; }

    /// <summary>Narrow tables: per slot, the low 16 bits of its keep threshold.</summary>
    public ReadOnlySpan<ushort> ThresholdLows { get; }

    /// <summary>Narrow tables: per slot, its symbol.</summary>
    public ReadOnlySpan<byte> Symbols { get; }

    /// <summary>Wide tables: the sampling slots.</summary>
    public ReadOnlySpan<NGramWideSlot> WideSlots { get; }

    /// <summary>Wide tables: per slot, its symbol.</summary>
    public ReadOnlySpan<ushort> WideSymbols { get; }

    /// <summary>Per slot, ln P(w | c) of a pair or ln γ_c of an escape.</summary>
    public ReadOnlySpan<float> LogProbabilities { get; }

    /// <summary>The spans of a run-time model's arrays.</summary>
    public static NGramTable From(NGramTables tables, byte[] asciiIndex) => new(tables, asciiIndex);

    /// <summary>First slot of a block.</summary>
    public int First(ulong handle) => (int)(handle >> (IsWide ? NGramTableFormat.Wide.FirstShift : NGramTableFormat.Narrow.FirstShift));

    /// <summary>Slot count of a block.</summary>
    public int Count(ulong handle) => (int)(handle & (IsWide ? 0xFFFFUL : 0xFFUL)) + 1;

    /// <summary>Whether a block ends with an escape.</summary>
    public bool HasEscape(ulong handle) => ((handle >> (IsWide ? 16 : 8)) & 1) != 0;

    /// <summary>Number of pairs of a block (its slots but the escape).</summary>
    public int Pairs(ulong handle) => Count(handle) - (HasEscape(handle) ? 1 : 0);

    /// <summary>The symbol field of a slot: a pair's symbol; at an escape 0, or in a merged block the number of the node's own pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SymbolAt(int slot) => IsWide ? WideSlots[slot].Symbol : Slots[slot].Symbol;

    /// <summary>The handle a slot links to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong LinkAt(int slot) => IsWide ? WideSlots[slot].Link : Slots[slot].Link;

    /// <summary>Slot <paramref name="slot"/>'s alias, an index among its block's slots.</summary>
    public int AliasAt(int slot) => IsWide ? WideSlots[slot].Alias : Slots[slot].Alias;

    /// <summary>Slot <paramref name="slot"/>'s 32-bit keep threshold.</summary>
    public uint ThresholdAt(int slot) => IsWide ? WideSlots[slot].Threshold : ((uint)Slots[slot].Threshold << 16) | ThresholdLows[slot];

    /// <summary>Where <paramref name="symbol"/> stands among <paramref name="count"/> slots from <paramref name="first"/>, or −1 (a vectorised search).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOfSymbol(int first, int count, int symbol) => IsWide
        ? WideSymbols.Slice(first, count).IndexOf((ushort)symbol)
        : symbol > byte.MaxValue ? -1 : Symbols.Slice(first, count).IndexOf((byte)symbol);
}
