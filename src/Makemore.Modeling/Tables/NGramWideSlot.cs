// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.InteropServices;

namespace Makemore.Modeling.Tables;

/// <summary>
/// One 16-byte sampling slot of a wide table (<see cref="NGramTableFormat.Wide"/>): what <see cref="NGramSlot"/> holds
/// for alphabets of more than 256 symbols, with a 64-bit handle and 16-bit symbol and alias.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8, Size = 16)]
internal struct NGramWideSlot
{
    /// <summary>The handle of the block to go on from (see <see cref="NGramSlot.Link"/>).</summary>
    public ulong Link;

    /// <summary>The keep threshold, in units of 2^-32 of a column.</summary>
    public uint Threshold;

    /// <summary>The alias, as an index among the block's slots.</summary>
    public ushort Alias;

    /// <summary>The pair's symbol (0 = end); for an escape, 0, or in a merged block the number of the node's own pairs.</summary>
    public ushort Symbol;
}
