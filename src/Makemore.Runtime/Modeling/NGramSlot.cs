// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.InteropServices;

namespace Makemore.Modeling;

/// <summary>
/// One 8-byte record of an order-n model's slot array (see <see cref="NGramTables"/>): in the first region, a
/// sampling slot, everything a sampling step reads; in the two regions after it, packed scoring and threshold data.
/// </summary>
/// <remarks>
/// A sampling slot as one little-endian <see cref="ulong"/> (<see cref="Bits"/>, what <see cref="ToChars"/> emits):
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
    /// The high 16 bits of the keep threshold T (in units of 2^-32 of a column; the low 16 bits are in the
    /// threshold region): keep this slot when the draw's 32-bit uniform is below T, else take slot
    /// <see cref="Alias"/> of the node (a slot always kept is its own alias).
    /// </summary>
    [FieldOffset(0)]
    public ushort Threshold;

    /// <summary>The alias, as an index among the node's slots.</summary>
    [FieldOffset(2)]
    public byte Alias;

    /// <summary>The pair's symbol (0 = end); 0 for the escape.</summary>
    [FieldOffset(3)]
    public byte Symbol;

    /// <summary>The handle (<see cref="NGramTables.Handle"/>) of the node to continue from: after a pair's symbol, the longest node that is a suffix of context·symbol (0 after the end symbol); for the escape, the parent.</summary>
    [FieldOffset(4)]
    public uint Link;

    /// <summary>
    /// The records as the generator emits them: their little-endian bytes (<see cref="Bits"/>) as UTF-16 code units,
    /// two bytes each, for a string literal: the compiler reads a literal of megabytes in a fraction of the time it
    /// binds an array initialiser of as many elements, and the runtime keeps it in its frozen heap.
    /// </summary>
    /// <param name="slots">The records.</param>
    /// <returns>4 code units per record.</returns>
    public static string ToChars(NGramSlot[] slots)
    {
        var chars = new char[slots.Length * 4];
        for (int i = 0; i < slots.Length; i++)
        {
            ulong bits = slots[i].Bits;
            for (int k = 0; k < 4; k++)
            {
                chars[(4 * i) + k] = (char)(bits >> (16 * k));
            }
        }

        return new string(chars);
    }

    /// <summary>Bytes as UTF-16 code units, two each (little-endian), the last padded with a zero byte.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>(bytes + 1) / 2 code units.</returns>
    public static string PackBytes(System.ReadOnlySpan<byte> bytes)
    {
        var chars = new char[(bytes.Length + 1) / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[i / 2] |= (char)(bytes[i] << (8 * (i % 2)));
        }

        return new string(chars);
    }
}
