// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling.Tables;

/// <summary>
/// The two record formats of an order-n model's tables (<see cref="NGramTables"/>): narrow, 8-byte slots with 8-bit
/// symbols and 32-bit handles, for alphabets of up to 256 symbols and tables of up to 2^23 slots (every list of Latin,
/// Cyrillic or Greek names, whose hot blocks then fit a core's caches); and wide, 16-byte slots with 16-bit symbols
/// and 64-bit handles, for anything larger (a Chinese or Japanese list of thousands of characters). A handle says
/// where a block's slots are: its first slot, whether its last slot is an escape, and its slot count − 1.
/// </summary>
/// <remarks>
/// Narrow tables send an escape to an escape table; wide ones draw again from the parent's block. Why each is exact,
/// and what each costs: docs/architecture.md, "Narrow and wide formats".
/// </remarks>
internal sealed class NGramTableFormat
{
    /// <summary>8-byte slots (<see cref="NGramSlot"/>): handle = first &lt;&lt; 9 | escape &lt;&lt; 8 | (count − 1).</summary>
    public static readonly NGramTableFormat Narrow = new(isNarrow: true, countBits: 8, maxSymbols: 256);

    /// <summary>16-byte slots (<see cref="NGramWideSlot"/>): handle = first &lt;&lt; 17 | escape &lt;&lt; 16 | (count − 1).</summary>
    public static readonly NGramTableFormat Wide = new(isNarrow: false, countBits: 16, maxSymbols: 1 << 16);

    private NGramTableFormat(bool isNarrow, int countBits, int maxSymbols)
    {
        IsNarrow = isNarrow;
        CountBits = countBits;
        MaxSymbols = maxSymbols;
    }

    public bool IsNarrow { get; }

    /// <summary>Whether escapes lead to escape tables (narrow) or draw again from the parent's block (wide).</summary>
    public bool UsesEscapeTables => IsNarrow;

    /// <summary>Bits of a handle that hold a block's slot count − 1; the escape bit is above them and the first slot above that.</summary>
    public int CountBits { get; }

    /// <summary>Bits of a handle below the first slot index.</summary>
    public int FirstShift => CountBits + 1;

    /// <summary>Most symbols, the start/end token included.</summary>
    public int MaxSymbols { get; }

    /// <summary>Most slots of a block.</summary>
    public int MaxBlockSlots => 1 << CountBits;

    /// <summary>Most slots of a table: what the handles can address (narrow: 32-bit handles; wide: what an array holds).</summary>
    public long MaxSlots => IsNarrow ? 1L << (32 - FirstShift) : int.MaxValue;

    /// <summary>Bytes per slot: the sampling record, ln P (4 bytes), the symbol again for scoring's search, and (narrow) the threshold's low 16 bits.</summary>
    public int BytesPerSlot => IsNarrow ? 8 + 4 + 1 + 2 : 16 + 4 + 2;

    /// <summary>The format for a model of <paramref name="vocabularySize"/> symbols (the builder moves to <see cref="Wide"/> if the slots outgrow narrow handles).</summary>
    public static NGramTableFormat For(int vocabularySize) => vocabularySize <= Narrow.MaxSymbols ? Narrow : Wide;

    /// <summary>The handle of a block of <paramref name="count"/> slots starting at <paramref name="first"/>.</summary>
    public ulong Handle(long first, int count, bool escape) =>
        first >= 0 && first < MaxSlots && count >= 1 && count <= MaxBlockSlots
            ? ((ulong)first << FirstShift) | (escape ? 1UL << CountBits : 0UL) | (uint)(count - 1)
            : throw new ArgumentOutOfRangeException(nameof(first), first, $"A table holds at most {MaxSlots} slots and a block at most {MaxBlockSlots}.");

    /// <summary>First slot of a block.</summary>
    public long First(ulong handle) => (long)(handle >> FirstShift);

    /// <summary>Slot count of a block.</summary>
    public int Count(ulong handle) => (int)(handle & (ulong)(MaxBlockSlots - 1)) + 1;

    /// <summary>Whether a block's last slot is an escape.</summary>
    public bool HasEscape(ulong handle) => ((handle >> CountBits) & 1) != 0;
}
