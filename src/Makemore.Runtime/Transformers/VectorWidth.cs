using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
#endif

namespace Makemore.Transformers;

/// <summary>
/// The one place the neural kernels' register width is chosen: the widest the runtime accelerates (it reports
/// 512 bits only on processors that do not slow down for them), so a machine always computes the same sums.
/// </summary>
internal static class VectorWidth
{
    /// <summary>Bits per register the kernels use: 512, 256 or 128.</summary>
    public static int Bits =>
        Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated ? 256
        : 128;

    /// <summary>
    /// Whether a multiply-add is fused (one rounding) in the vector kernels; the scalar tails then fuse too
    /// (<see cref="MultiplyAdd"/>), so that every element of a product is the same sum whichever path computed it.
    /// </summary>
    public static bool IsFused =>
#if NET9_0_OR_GREATER
        true;
#else
        Fma.IsSupported || AdvSimd.IsSupported;
#endif

    /// <summary><c>a · b + c</c> as the vector kernels compute each element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => IsFused ? MathF.FusedMultiplyAdd(a, b, c) : (a * b) + c;
}
