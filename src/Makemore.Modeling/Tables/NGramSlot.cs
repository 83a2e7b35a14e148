// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.InteropServices;

namespace Makemore.Modeling.Tables;

/// <summary>
/// One 8-byte sampling slot of a narrow table (<see cref="NGramTableFormat.Narrow"/>, see <see cref="NGramTables"/>):
/// everything a sampling step reads.
/// </summary>
/// <remarks>
/// A sampling slot as one little-endian <see cref="ulong"/> (<see cref="Bits"/>):
/// bits 0–15 <see cref="Threshold"/> (the high half of the 32-bit keep threshold), 16–23 <see cref="Alias"/>,
/// 24–31 <see cref="Symbol"/>, 32–63 <see cref="Link"/>. Eight bytes so that a node's slots share few cache lines
/// and the hot part of an order-6 table fits in a core's L2.
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct NGramSlot
{
    /// <summary>The whole record as one little-endian word.</summary>
    [FieldOffset(0)]
    public ulong Bits;

    /// <summary>
    /// The high 16 bits of the keep threshold T (in units of 2^-32 of a column; the low 16 bits are in
    /// <see cref="NGramTables.ThresholdLows"/>): keep this slot when the draw's 32-bit uniform is below T, else take slot
    /// <see cref="Alias"/> of the node (a slot always kept is its own alias).
    /// </summary>
    [FieldOffset(0)]
    public ushort Threshold;

    /// <summary>The alias, as an index among the node's slots.</summary>
    [FieldOffset(2)]
    public byte Alias;

    /// <summary>The pair's symbol (0 = end); for an escape, 0, or in a merged block the number of the node's own pairs.</summary>
    [FieldOffset(3)]
    public byte Symbol;

    /// <summary>The handle (<see cref="NGramTableFormat.Handle"/>) of the block to continue from: after a pair's symbol, the longest node that is a suffix of context·symbol (0 after the end symbol); for the escape, the parent.</summary>
    [FieldOffset(4)]
    public uint Link;
}
