using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Makemore.Modeling;

namespace Makemore.NGram;

/// <summary>
/// The arrays of an order-n model (<see cref="NGramTables"/> describes the layout) as spans, so that the kernels
/// read a generated model's constant data and a run-time model's arrays alike.
/// </summary>
internal readonly ref struct NGramTable
{
    /// <summary>Wraps the tables, checking what the kernels rely on without checking again per step.</summary>
    /// <exception cref="ArgumentException">The spans do not fit together.</exception>
    public NGramTable(ReadOnlySpan<char> alphabet, ReadOnlySpan<byte> asciiIndex, uint startHandle, int shortestName, ReadOnlySpan<NGramSlot> slots, ReadOnlySpan<byte> symbols)
    {
        if (alphabet.IsEmpty || alphabet[0] != NameListParser.Boundary)
        {
            throw new ArgumentException("The alphabet must start with the boundary token '.'.", nameof(alphabet));
        }

        if (asciiIndex.Length != SymbolIndex.AsciiLength)
        {
            throw new ArgumentException($"The ASCII index table must have {SymbolIndex.AsciiLength} entries.", nameof(asciiIndex));
        }

        int count = symbols.Length;
        if (slots.Length != NGramTables.RecordCount(count) || !Covers(startHandle, count))
        {
            throw new ArgumentException("The n-gram tables do not fit together (slots not 1.75 records per symbol, or a start node outside them).", nameof(slots));
        }

        Alphabet = alphabet;
        AsciiIndex = asciiIndex;
        StartHandle = startHandle;
        ShortestName = shortestName;
        Records = slots;
        Slots = slots[..count];
        Symbols = symbols;
    }

    public ReadOnlySpan<char> Alphabet { get; }

    public ReadOnlySpan<byte> AsciiIndex { get; }

    public uint StartHandle { get; }

    public int ShortestName { get; }

    /// <summary>Every slot record, all three regions: what this table is built from again (on another thread).</summary>
    public ReadOnlySpan<NGramSlot> Records { get; }

    /// <summary>The sampling slots (the first region of the slot records).</summary>
    public ReadOnlySpan<NGramSlot> Slots { get; }

    /// <summary>Per slot, its symbol.</summary>
    public ReadOnlySpan<byte> Symbols { get; }

    // The two packed regions are views made when asked for, not fields: a table is built for every call of a
    // generated class (and of the benchmarks), and sampling never reads them but on a threshold tie. The
    // constructor checked the record count, so the views need no checks.

    /// <summary>Per slot, ln P(w | c) of a pair or ln γ_c of an escape.</summary>
    public ReadOnlySpan<float> LogProbabilities => Region<float>(NGramTables.LogProbabilityRegion(Symbols.Length));

    /// <summary>Per slot, the low 16 bits of its keep threshold.</summary>
    public ReadOnlySpan<ushort> ThresholdLows => Region<ushort>(NGramTables.ThresholdRegion(Symbols.Length));

    /// <summary>The spans of a run-time model's arrays.</summary>
    public static NGramTable From(NGramTables tables, byte[] asciiIndex) =>
        new(tables.Alphabet, asciiIndex, tables.StartHandle, tables.ShortestName, tables.Slots, tables.Symbols);

    /// <summary>First slot of a node.</summary>
    public static int First(uint handle) => (int)(handle >> NGramTables.HandleShift);

    /// <summary>Slot count of a node.</summary>
    public static uint Count(uint handle) => (handle & 0xFF) + 1;

    /// <summary>Number of pairs of a node (its slots but the escape).</summary>
    public static int Pairs(uint handle) => (int)((handle & 0xFF) + 1 - ((handle >> 8) & 1));

    /// <summary>The region of one value per slot that starts at record <paramref name="record"/>.</summary>
    private ReadOnlySpan<T> Region<T>(int record) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<NGramSlot, T>(ref Unsafe.Add(ref MemoryMarshal.GetReference(Records), record)), Symbols.Length);

    private static bool Covers(uint handle, int slots) => (long)First(handle) + Count(handle) <= slots;
}
