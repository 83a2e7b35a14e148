using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Makemore.Training;

/// <summary>The kernels of <see cref="LineKernels{T}"/>, written once for any register width.</summary>
/// <remarks>
/// A line of a stride s is s / Count registers; each register is loaded and-ed with the line mask (all bits set in
/// the V real columns, 0 from V on, where the next packed line begins), so padding contributes exactly 0 to sums
/// and gradients. Each batch method is a loop without calls (every kernel inlines), so the JIT keeps its
/// references in registers.
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TWidth">The register width.</typeparam>
/// <typeparam name="TVector">The width's register type.</typeparam>
internal sealed class LineKernels<T, TWidth, TVector> : LineKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TWidth : struct, IVectorWidth<TVector, T>
    where TVector : struct
{
    private readonly int _vocabularySize;
    private readonly int _stride;
    private readonly T[] _mask;

    /// <summary>Kernels for lines of <paramref name="vocabularySize"/> columns.</summary>
    /// <param name="vocabularySize">V.</param>
    public LineKernels(int vocabularySize)
    {
        _vocabularySize = vocabularySize;
        _stride = (vocabularySize + StrideMultiple - 1) / StrideMultiple * StrideMultiple;
        _mask = new T[_stride];
        _mask.AsSpan(0, vocabularySize).Fill(AllBitsSet());
    }

    /// <inheritdoc/>
    public override int VocabularySize => _vocabularySize;

    /// <inheritdoc/>
    public override int Stride => _stride;

    /// <inheritdoc/>
    public override void Gather(ReadOnlySpan<byte> rows, ReadOnlySpan<T> source, Span<T> lines)
    {
        int s = _stride;
        int v = _vocabularySize;
        ref T source0 = ref MemoryMarshal.GetReference(source);
        ref T line0 = ref MemoryMarshal.GetReference(lines);
        for (int b = 0; b < rows.Length; b++)
        {
            ref T from = ref Unsafe.Add(ref source0, rows[b] * s);
            ref T to = ref Unsafe.Add(ref line0, b * v);
            for (int k = 0; k < s; k += TWidth.Count)
            {
                TWidth.Store(TWidth.Load(ref from, (nuint)k), ref to, (nuint)k);
            }
        }
    }

    /// <inheritdoc/>
    public override void Normalize(int count, ReadOnlySpan<T> exponentials, Span<T> probabilities, Span<double> sums)
    {
        int s = _stride;
        int v = _vocabularySize;
        ref T exponential0 = ref MemoryMarshal.GetReference(exponentials);
        ref T probability0 = ref MemoryMarshal.GetReference(probabilities);
        ref T mask = ref MemoryMarshal.GetArrayDataReference(_mask);
        for (int b = 0; b < count; b++)
        {
            ref T line = ref Unsafe.Add(ref exponential0, b * v);
            ref T destination = ref Unsafe.Add(ref probability0, b * s);
            T sum = LineSum(ref line, ref mask, s);
            sums[b] = double.CreateTruncating(sum);
            TVector divisor = TWidth.Broadcast(sum);
            for (int k = 0; k < s; k += TWidth.Count)
            {
                TWidth.Store(TWidth.Divide(MaskedLoad(ref line, ref mask, k), divisor), ref destination, (nuint)k);
            }
        }
    }

    /// <inheritdoc/>
    public override void Backward(
        ReadOnlySpan<byte> inputs, ReadOnlySpan<byte> targets, ReadOnlySpan<T> exponentials, Span<double> sums, Span<double> gradient)
    {
        int s = _stride;
        int v = _vocabularySize;
        ref T line0 = ref MemoryMarshal.GetReference(exponentials);
        ref T mask = ref MemoryMarshal.GetArrayDataReference(_mask);
        ref double gradient0 = ref MemoryMarshal.GetReference(gradient);
        ref double sum0 = ref MemoryMarshal.GetReference(sums);
        ref byte input0 = ref MemoryMarshal.GetReference(inputs);
        ref byte target0 = ref MemoryMarshal.GetReference(targets);
        if (s == 2 * TWidth.Count)
        {
            // A line of two registers (the lecture's V = 27 with AVX-512 floats): both stay in registers from
            // the sum to the gradient, and the masks are loaded once. The same operations as the loop below.
            TVector mask0 = TWidth.Load(ref mask, 0);
            TVector mask1 = TWidth.Load(ref mask, (nuint)TWidth.Count);
            for (int b = 0; b < inputs.Length; b++)
            {
                ref T line = ref Unsafe.Add(ref line0, b * v);
                TVector e0 = TWidth.And(TWidth.Load(ref line, 0), mask0);
                TVector e1 = TWidth.And(TWidth.Load(ref line, (nuint)TWidth.Count), mask1);
                T sum = TWidth.Sum(TWidth.Add(e0, e1));
                Unsafe.Add(ref sum0, b) = double.CreateTruncating(sum);
                TVector divisor = TWidth.Broadcast(sum);
                ref double row = ref Unsafe.Add(ref gradient0, Unsafe.Add(ref input0, b) * s);
                TWidth.AddToDoubles(TWidth.Divide(e0, divisor), ref row);
                TWidth.AddToDoubles(TWidth.Divide(e1, divisor), ref Unsafe.Add(ref row, TWidth.Count));
                Unsafe.Add(ref row, Unsafe.Add(ref target0, b)) -= 1;
            }

            return;
        }

        for (int b = 0; b < inputs.Length; b++)
        {
            ref T line = ref Unsafe.Add(ref line0, b * v);
            T sum = LineSum(ref line, ref mask, s);
            Unsafe.Add(ref sum0, b) = double.CreateTruncating(sum);
            TVector divisor = TWidth.Broadcast(sum);
            ref double row = ref Unsafe.Add(ref gradient0, Unsafe.Add(ref input0, b) * s);
            for (int k = 0; k < s; k += TWidth.Count)
            {
                TWidth.AddToDoubles(TWidth.Divide(MaskedLoad(ref line, ref mask, k), divisor), ref Unsafe.Add(ref row, k));
            }

            Unsafe.Add(ref row, Unsafe.Add(ref target0, b)) -= 1;
        }
    }

    /// <summary>The sum of a line's V columns: register by register, then across the register's elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T LineSum(ref T line, ref T mask, int s)
    {
        TVector sum = MaskedLoad(ref line, ref mask, 0);
        for (int k = TWidth.Count; k < s; k += TWidth.Count)
        {
            sum = TWidth.Add(sum, MaskedLoad(ref line, ref mask, k));
        }

        return TWidth.Sum(sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector MaskedLoad(ref T line, ref T mask, int k) =>
        TWidth.And(TWidth.Load(ref line, (nuint)k), TWidth.Load(ref mask, (nuint)k));

    private static T AllBitsSet() =>
        typeof(T) == typeof(float) ? Unsafe.BitCast<uint, T>(uint.MaxValue) : Unsafe.BitCast<ulong, T>(ulong.MaxValue);
}
