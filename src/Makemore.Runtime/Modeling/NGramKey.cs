// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling;

/// <summary>
/// Symbol sequences packed into a <see cref="ulong"/>, one byte per symbol (V ≤ 256), so that contexts and
/// (context, symbol) pairs of up to 8 symbols are integers that sort and compare in one instruction.
/// </summary>
/// <remarks>
/// A pair at level L (a context of L symbols followed by the next symbol w) is packed as: byte 0 = w, byte 1 = the
/// most recent context symbol, …, byte L = the oldest. Its context is the pair key shifted right by 8, its
/// suffix (the context without its oldest symbol, same w) is the key masked to L bytes. Sorting pair keys of one
/// level therefore groups them by context and orders each context's pairs by symbol. Keys of different levels
/// are never compared (a leading '.' is the byte 0), so each level has its own arrays.
/// </remarks>
internal static class NGramKey
{
    /// <summary>Bits per symbol.</summary>
    public const int SymbolBits = 8;

    /// <summary>The largest order: a pair of order 8 fills the 64 bits.</summary>
    public const int MaxOrder = 8;

    /// <summary>The mask of the low <paramref name="symbols"/> bytes.</summary>
    public static ulong Mask(int symbols) => symbols >= 8 ? ulong.MaxValue : (1UL << (SymbolBits * symbols)) - 1;

    /// <summary>Symbol <paramref name="position"/> of a packed sequence (0 = least significant byte).</summary>
    public static int SymbolAt(ulong key, int position) => (int)((key >> (SymbolBits * position)) & 0xFF);
}
