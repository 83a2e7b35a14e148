using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Makemore.Modeling.Neural;

namespace Makemore.Transformers;

/// <summary>
/// The matrix–vector product y = start + x · B over a B kept as binary16 in panels, for one name's pass: half the
/// bytes of float32, so that a small transformer's matrices (396 KB for names.weights) stay in a core's second-level
/// cache, where float32 ones (792 KB) stream from the third. Every element is still its start then one fused
/// multiply-add per k in increasing k, of the same float32 weight: the same bits as <see cref="MatrixMultiply"/>.
/// </summary>
/// <remarks>
/// <para>
/// Layout: the columns in panels of 64 (the last one narrower, rounded up to 16 with zero columns), each panel's
/// rows one after the other, so that the kernel reads memory in order and every cache line whole. Within a row, each
/// group of 16 columns is stored interleaved: the 32-bit lane t holds column t in its low half and column 8 + t in its
/// high half, so that one 32-byte load gives two registers of weights without a shuffle.
/// </para>
/// <para>
/// Widening without F16C (which .NET does not expose): a half's sign, exponent and mantissa moved 13 bits up within
/// its lane are a float32 equal to the half times 2⁻¹¹² (exact, a subnormal half included); the low column of a lane
/// gets there by a multiply-add of 16-bit pairs (× 2¹³, × 0), the high one by an arithmetic shift right by 3, and a
/// mask clears what the sign and the other column left. The 2¹¹² goes onto x instead (exact while |x| &lt; 2¹⁶, so
/// x · w is the same real number and the fused multiply-add rounds it the same way); a product whose x is larger,
/// or not finite, is refused and the caller computes it in float32.
/// </para>
/// </remarks>
internal static class HalfPanelProduct
{
    /// <summary>Columns of a full panel: eight registers of accumulators.</summary>
    public const int PanelColumns = 64;

    /// <summary>Columns of a group: one 32-byte load of halves.</summary>
    private const int Group = 16;

    /// <summary>2¹¹², which moves a half's exponent bias (15) to a float's (127).</summary>
    private const float Rebias = 5.192296858534828e33f;

    /// <summary>Whether this processor runs the kernel (AVX2 and FMA); elsewhere the caller keeps float32.</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>The halves a <paramref name="depth"/> × <paramref name="columns"/> matrix takes in panels.</summary>
    public static int Length(int depth, int columns) => depth * RoundUp(columns);

    /// <summary>
    /// Packs B (row-major, <paramref name="depth"/> rows of <paramref name="columns"/>) into
    /// <paramref name="destination"/>; false, with the destination unspecified, when a weight is not a binary16 value.
    /// Compiled optimised at once: it runs on a model's first use, before tiered compilation would get to it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryPack(ReadOnlySpan<float> b, int depth, int columns, Span<short> destination)
    {
        int at = 0;
        for (int j0 = 0; j0 < columns; j0 += PanelColumns)
        {
            int width = Math.Min(PanelColumns, RoundUp(columns - j0));
            for (int p = 0; p < depth; p++)
            {
                for (int g = 0; g < width; g += Group)
                {
                    for (int t = 0; t < Group / 2; t++)
                    {
                        if (!TryHalf(b, columns, p, j0 + g + t, out destination[at++])
                            || !TryHalf(b, columns, p, j0 + g + (Group / 2) + t, out destination[at++]))
                        {
                            return false;
                        }
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Computes <paramref name="y"/> = start + <paramref name="x"/> · B over B packed by <see cref="TryPack"/>; false,
    /// with <paramref name="y"/> unspecified, when an element of x is 2¹⁶ or more in magnitude or not finite.
    /// </summary>
    /// <param name="x">The vector, <paramref name="depth"/> floats.</param>
    /// <param name="panels">B, packed.</param>
    /// <param name="depth">k.</param>
    /// <param name="columns">n.</param>
    /// <param name="y">The result, <paramref name="columns"/> floats (may not overlap x).</param>
    /// <param name="start">What the sums start from (<see cref="ProductStart.Accumulate"/>: y's own values).</param>
    /// <param name="bias">n values for <see cref="ProductStart.Bias"/>.</param>
    /// <param name="scaled">Room for <paramref name="depth"/> floats: x · 2¹¹².</param>
    public static bool TryMultiply(ReadOnlySpan<float> x, ReadOnlySpan<short> panels, int depth, int columns, Span<float> y, ProductStart start, ReadOnlySpan<float> bias, Span<float> scaled)
    {
        if (!IsSupported || !TryScale(x.Slice(0, depth), scaled.Slice(0, depth)))
        {
            return false;
        }

        Span<float> output = y.Slice(0, columns);
        if (start == ProductStart.Zero)
        {
            output.Clear();
        }
        else if (start == ProductStart.Bias)
        {
            bias.Slice(0, columns).CopyTo(output);
        }

        ref float xs = ref MemoryMarshal.GetReference(scaled);
        ref short b = ref MemoryMarshal.GetReference(panels.Slice(0, Length(depth, columns)));
        ref float c = ref MemoryMarshal.GetReference(output);
        int j0 = 0;
        for (; j0 + PanelColumns <= columns; j0 += PanelColumns)
        {
            Full(ref xs, ref Unsafe.Add(ref b, (nint)j0 * depth), depth, ref Unsafe.Add(ref c, j0));
        }

        if (j0 < columns)
        {
            // The last panel, narrower: a group at a time, the group that runs past n through a padded buffer.
            int width = RoundUp(columns - j0);
            ref short panel = ref Unsafe.Add(ref b, (nint)j0 * depth);
            Span<float> padded = stackalloc float[Group];
            for (int g = 0; g < width; g += Group)
            {
                int count = Math.Min(Group, columns - j0 - g);
                Span<float> group = output.Slice(j0 + g, count);
                if (count == Group)
                {
                    Sixteen(ref xs, ref Unsafe.Add(ref panel, g), width, depth, ref MemoryMarshal.GetReference(group));
                }
                else
                {
                    padded.Clear();
                    group.CopyTo(padded);
                    Sixteen(ref xs, ref Unsafe.Add(ref panel, g), width, depth, ref MemoryMarshal.GetReference(padded));
                    padded.Slice(0, count).CopyTo(group);
                }
            }
        }

        return true;
    }

    private static int RoundUp(int columns) => (columns + Group - 1) / Group * Group;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryHalf(ReadOnlySpan<float> b, int columns, int row, int column, out short half)
    {
        if (column >= columns)
        {
            half = 0;
            return true;
        }

        int bits = BitConverter.SingleToInt32Bits(b[(row * columns) + column]);
        int exponent = (bits >> 23) & 0xFF;
        if (exponent is >= 113 and <= 142 && (bits & 0x1FFF) == 0)
        {
            // A normal half, the common case, repacked directly: a model's first use packs every weight.
            half = (short)(((bits >> 16) & 0x8000) | ((exponent - 112) << 10) | ((bits >> 13) & 0x3FF));
            return true;
        }

        // Zeros, subnormal halves and the rest: the exact conversion there and back decides.
        ushort h = HalfBits.FromSingleBits(bits);
        half = (short)h;
        return (h & 0x7C00) != 0x7C00 && HalfBits.ToSingleBits(h) == bits;
    }

    /// <summary>scaled = x · 2¹¹²; false when an element overflows (|x| ≥ 2¹⁶) or is not finite.</summary>
    private static bool TryScale(ReadOnlySpan<float> x, Span<float> scaled)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float sr = ref MemoryMarshal.GetReference(scaled);
        Vector256<float> rebias = Vector256.Create(Rebias);
        Vector256<int> exponent = Vector256.Create(0x7F800000);
        Vector256<int> infinite = Vector256<int>.Zero;
        int i = 0;
        for (; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
        {
            Vector256<float> s = Vector256.LoadUnsafe(ref xr, (nuint)i) * rebias;
            s.StoreUnsafe(ref sr, (nuint)i);
            infinite |= Vector256.Equals(s.AsInt32() & exponent, exponent);
        }

        bool finite = infinite == Vector256<int>.Zero;
        for (; i < x.Length; i++)
        {
            float s = Unsafe.Add(ref xr, i) * Rebias;
            Unsafe.Add(ref sr, i) = s;
            finite &= float.IsFinite(s);
        }

        return finite;
    }

    /// <summary>The two registers of weights one group's 32-byte load holds: its low columns, then its high ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Low(Vector256<short> halves, Vector256<short> lowPicker, Vector256<int> mask) =>
        (Avx2.MultiplyAddAdjacent(halves, lowPicker) & mask).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> High(Vector256<short> halves, Vector256<int> mask) =>
        (Vector256.ShiftRightArithmetic(halves.AsInt32(), 3) & mask).AsSingle();

    private static Vector256<short> LowPicker => Vector256.Create(0x2000).AsInt16();

    private static Vector256<int> Mask => Vector256.Create(unchecked((int)0x8FFFE000));

    /// <summary>A full panel: eight accumulators (64 columns), enough to hide the multiply-add latency.</summary>
    private static void Full(ref float x, ref short b, int depth, ref float c)
    {
        Vector256<short> picker = LowPicker;
        Vector256<int> mask = Mask;
        Vector256<float> s0 = Vector256.LoadUnsafe(ref c, 0);
        Vector256<float> s1 = Vector256.LoadUnsafe(ref c, 8);
        Vector256<float> s2 = Vector256.LoadUnsafe(ref c, 16);
        Vector256<float> s3 = Vector256.LoadUnsafe(ref c, 24);
        Vector256<float> s4 = Vector256.LoadUnsafe(ref c, 32);
        Vector256<float> s5 = Vector256.LoadUnsafe(ref c, 40);
        Vector256<float> s6 = Vector256.LoadUnsafe(ref c, 48);
        Vector256<float> s7 = Vector256.LoadUnsafe(ref c, 56);
        nint at = 0;
        for (int p = 0; p < depth; p++)
        {
            Vector256<float> xp = Vector256.Create(Unsafe.Add(ref x, p));
            Vector256<short> g0 = Vector256.LoadUnsafe(ref b, (nuint)at);
            Vector256<short> g1 = Vector256.LoadUnsafe(ref b, (nuint)(at + 16));
            Vector256<short> g2 = Vector256.LoadUnsafe(ref b, (nuint)(at + 32));
            Vector256<short> g3 = Vector256.LoadUnsafe(ref b, (nuint)(at + 48));
            s0 = Fma.MultiplyAdd(xp, Low(g0, picker, mask), s0);
            s1 = Fma.MultiplyAdd(xp, High(g0, mask), s1);
            s2 = Fma.MultiplyAdd(xp, Low(g1, picker, mask), s2);
            s3 = Fma.MultiplyAdd(xp, High(g1, mask), s3);
            s4 = Fma.MultiplyAdd(xp, Low(g2, picker, mask), s4);
            s5 = Fma.MultiplyAdd(xp, High(g2, mask), s5);
            s6 = Fma.MultiplyAdd(xp, Low(g3, picker, mask), s6);
            s7 = Fma.MultiplyAdd(xp, High(g3, mask), s7);
            at += PanelColumns;
        }

        s0.StoreUnsafe(ref c, 0);
        s1.StoreUnsafe(ref c, 8);
        s2.StoreUnsafe(ref c, 16);
        s3.StoreUnsafe(ref c, 24);
        s4.StoreUnsafe(ref c, 32);
        s5.StoreUnsafe(ref c, 40);
        s6.StoreUnsafe(ref c, 48);
        s7.StoreUnsafe(ref c, 56);
    }

    /// <summary>One group of 16 columns of a panel <paramref name="stride"/> halves wide.</summary>
    private static void Sixteen(ref float x, ref short b, int stride, int depth, ref float c)
    {
        Vector256<short> picker = LowPicker;
        Vector256<int> mask = Mask;
        Vector256<float> s0 = Vector256.LoadUnsafe(ref c, 0);
        Vector256<float> s1 = Vector256.LoadUnsafe(ref c, 8);
        nint at = 0;
        for (int p = 0; p < depth; p++)
        {
            Vector256<float> xp = Vector256.Create(Unsafe.Add(ref x, p));
            Vector256<short> g = Vector256.LoadUnsafe(ref b, (nuint)at);
            s0 = Fma.MultiplyAdd(xp, Low(g, picker, mask), s0);
            s1 = Fma.MultiplyAdd(xp, High(g, mask), s1);
            at += stride;
        }

        s0.StoreUnsafe(ref c, 0);
        s1.StoreUnsafe(ref c, 8);
    }
}
