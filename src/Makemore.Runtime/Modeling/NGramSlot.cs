// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.InteropServices;

namespace Makemore.Modeling;

/// <summary>
/// One slot of an order-n model's table (see <see cref="NGramTables"/>): 16 bytes, so that a sampling step reads
/// one record (and a second one when it takes the alias) instead of one entry in each of several arrays.
/// </summary>
/// <remarks>
/// Byte layout (little-endian): 0–3 <see cref="Link"/>, 4–7 <see cref="Threshold"/>, 8–11
/// <see cref="LogProbability"/>, 12 <see cref="Symbol"/>, 13 <see cref="Alias"/>, 14 <see cref="IsEscape"/>,
/// 15 zero. Generated code can emit the slots as pairs of <see cref="ulong"/> constants and view them as slots.
/// </remarks>
[StructLayout(LayoutKind.Sequential, Pack = 4, Size = 16)]
internal struct NGramSlot
{
    /// <summary>The handle (<see cref="NGramTables.Handle"/>) of the node to continue from: after a pair's symbol, the longest node that is a suffix of context·symbol (0 after the end symbol); for the escape, the parent.</summary>
    public uint Link;

    /// <summary>Keep this slot when the draw's 32-bit uniform is below the threshold, else take slot <see cref="Alias"/> of the node (a slot always kept is its own alias).</summary>
    public uint Threshold;

    /// <summary>ln P(w | context) for a pair, ln γ of the context for the escape.</summary>
    public float LogProbability;

    /// <summary>The pair's symbol (0 = end); 0 for the escape.</summary>
    public byte Symbol;

    /// <summary>The alias, as an index among the node's slots.</summary>
    public byte Alias;

    /// <summary>1 for the escape slot, 0 for a pair.</summary>
    public byte IsEscape;

    /// <summary>Zero.</summary>
    public byte Reserved;

    /// <summary>
    /// The slots as the generator emits them: their bytes (the struct's little-endian layout above) as UTF-16 code
    /// units, two bytes each, for a string literal: the compiler reads a literal of megabytes in a fraction of the
    /// time it binds an array initialiser of as many elements, and the runtime keeps it in its frozen heap.
    /// </summary>
    /// <param name="slots">The slots.</param>
    /// <returns>8 code units per slot.</returns>
    public static string ToChars(NGramSlot[] slots) =>
        PackBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new System.ReadOnlySpan<NGramSlot>(slots)));

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
