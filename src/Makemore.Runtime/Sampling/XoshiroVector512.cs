using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Makemore.Sampling;

/// <summary>The 8 lanes in one AVX-512 register.</summary>
internal readonly struct XoshiroVector512 : IXoshiroVector<XoshiroVector512>
{
    private readonly Vector512<ulong> _lanes;

    private XoshiroVector512(Vector512<ulong> lanes) => _lanes = lanes;

    public static XoshiroVector512 Load(ref ulong source) => new(Vector512.LoadUnsafe(ref source));

    public static XoshiroVector512 Broadcast(ulong value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XoshiroVector512 operator ^(XoshiroVector512 left, XoshiroVector512 right) => new(left._lanes ^ right._lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XoshiroVector512 operator +(XoshiroVector512 left, XoshiroVector512 right) => new(left._lanes + right._lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XoshiroVector512 operator <<(XoshiroVector512 value, int count) => new(value._lanes << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static XoshiroVector512 RotateLeft(XoshiroVector512 value, [ConstantExpected] byte count) => new(Avx512F.RotateLeft(value._lanes, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref ulong destination) => _lanes.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StorePackedDraws(XoshiroVector512 vocabularySize, ref uint destination)
    {
        // (r >> 32) × V with the 32×32→64 multiply; its high word is the column.
        Vector512<ulong> column = Avx512F.Multiply((_lanes >>> 32).AsUInt32(), vocabularySize._lanes.AsUInt32()) >>> 32;
        Vector512<ulong> packed = (_lanes & Vector512.Create((ulong)AliasDraw.ThresholdBitsMask)) | column;
        Avx512F.ConvertToVector256UInt32(packed).StoreUnsafe(ref destination);
    }
}
