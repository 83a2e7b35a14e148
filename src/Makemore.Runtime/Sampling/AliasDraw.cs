using System.Runtime.CompilerServices;

namespace Makemore.Sampling;

/// <summary>
/// How one 64-bit random number draws from a row of the alias table (layout in
/// <see cref="Modeling.Tables.AliasTableBuilder"/>): the column from its high 32 bits, the keep/alias choice from bits
/// 8..31. Every sampler draws through these, so all of them realise the same distribution.
/// </summary>
internal static class AliasDraw
{
    /// <summary>The bits of a draw the keep/alias choice looks at (8..31), in place.</summary>
    public const uint ThresholdBitsMask = 0xFFFF_FF00u;

    /// <summary>The uniformly drawn column of a draw: the high 32 bits scaled to [0, V) (multiply-shift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Column(ulong r, uint vocabularySize) => (uint)(((r >> 32) * vocabularySize) >> 32);

    /// <summary><see cref="Column(ulong, uint)"/> as a native-width index, with no zero-extension left for the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint Column(ulong r, nuint vocabularySize) => (nuint)(((r >> 32) * vocabularySize) >> 32);

    /// <summary>
    /// All ones when the draw keeps its column, zero when it takes the alias: bits 8..31 of the draw below the
    /// cell's 24-bit threshold. Branch-free, since the outcome is as unpredictable as the draw.
    /// </summary>
    /// <remarks>
    /// (r | 0xFF) &lt; entry exactly when r[8..31] &lt; entry[8..31]: with the low bytes forced to 0xFF on the left,
    /// equal thresholds compare as not-less whatever the alias byte is. The 64-bit difference's sign is the answer.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint KeepMask(ulong r, uint entry) => (uint)KeepMaskNative(r, entry);

    /// <summary><see cref="KeepMask"/> at native width, as the 64-bit shift leaves it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint KeepMaskNative(ulong r, uint entry) => (nuint)(ulong)((long)((ulong)((uint)r | 0xFFu) - entry) >> 63);

    /// <summary>
    /// A draw as the bulk sampler's lanes carry it, in 32 bits: bits 8..31 of the draw (all the keep/alias choice
    /// looks at) and the column in bits 0..7 (V ≤ 256).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Pack(ulong r, uint vocabularySize) => ((uint)r & ThresholdBitsMask) | Column(r, vocabularySize);
}
