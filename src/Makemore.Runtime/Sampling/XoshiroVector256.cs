using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Makemore.Sampling;

/// <summary>The 8 lanes in two AVX2 registers: lanes 0–3 and lanes 4–7.</summary>
internal readonly struct XoshiroVector256 : IXoshiroVector<XoshiroVector256>
{
    private readonly Vector256<ulong> _low;
    private readonly Vector256<ulong> _high;

    private XoshiroVector256(Vector256<ulong> low, Vector256<ulong> high)
    {
        _low = low;
        _high = high;
    }

    public static XoshiroVector256 Load(ref ulong source) =>
        new(Vector256.LoadUnsafe(ref source), Vector256.LoadUnsafe(ref source, (nuint)Vector256<ulong>.Count));

    public static XoshiroVector256 Broadcast(ulong value) => new(Vector256.Create(value), Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XoshiroVector256 operator ^(XoshiroVector256 left, XoshiroVector256 right) =>
        new(left._low ^ right._low, left._high ^ right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XoshiroVector256 operator +(XoshiroVector256 left, XoshiroVector256 right) =>
        new(left._low + right._low, left._high + right._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XoshiroVector256 operator <<(XoshiroVector256 value, int count) =>
        new(value._low << count, value._high << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XoshiroVector256 RotateLeft(XoshiroVector256 value, [ConstantExpected] byte count) =>
        new((value._low << count) | (value._low >>> (64 - count)), (value._high << count) | (value._high >>> (64 - count)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref ulong destination)
    {
        _low.StoreUnsafe(ref destination);
        _high.StoreUnsafe(ref destination, (nuint)Vector256<ulong>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StorePackedDraws(XoshiroVector256 vocabularySize, ref uint destination) =>
        Vector256.Narrow(Pack(_low, vocabularySize._low), Pack(_high, vocabularySize._high)).StoreUnsafe(ref destination);

    /// <summary><see cref="AliasDraw.Pack"/> in the low half of each 64-bit element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Pack(Vector256<ulong> r, Vector256<ulong> vocabularySize)
    {
        // (r >> 32) × V with the 32×32→64 multiply; its high word is the column.
        Vector256<ulong> column = Avx2.Multiply((r >>> 32).AsUInt32(), vocabularySize.AsUInt32()) >>> 32;
        return (r & Vector256.Create((ulong)AliasDraw.ThresholdBitsMask)) | column;
    }
}
