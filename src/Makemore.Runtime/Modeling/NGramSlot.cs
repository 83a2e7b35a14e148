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

    /// <summary>The slots as the generator emits them: two little-endian 64-bit words each, in the byte layout above.</summary>
    /// <param name="slots">The slots.</param>
    /// <returns>2 words per slot.</returns>
    public static ulong[] ToWords(NGramSlot[] slots)
    {
        var words = new ulong[slots.Length * 2];
        for (int i = 0; i < slots.Length; i++)
        {
            NGramSlot slot = slots[i];
            words[2 * i] = slot.Link | ((ulong)slot.Threshold << 32);
            words[(2 * i) + 1] = (uint)System.BitConverter.ToInt32(System.BitConverter.GetBytes(slot.LogProbability), 0)
                | ((ulong)slot.Symbol << 32) | ((ulong)slot.Alias << 40) | ((ulong)slot.IsEscape << 48) | ((ulong)slot.Reserved << 56);
        }

        return words;
    }
}
