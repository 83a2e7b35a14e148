using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Makemore.Transformers;

/// <summary>
/// Short-vector kernels inlined into the layers (a head's dot products, a row's sums): at the lengths of a small
/// transformer (16 to 256) a library call's overhead would cost more than the arithmetic. Each sums in a fixed
/// order for a given length, on <see cref="Vector{T}"/> registers.
/// </summary>
internal static class NeuralMath
{
    /// <summary>Σ xᵢ yᵢ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y.Slice(0, n));
        int width = Vector<float>.Count;
        int i = 0;
        float sum = 0;
        if (n >= width)
        {
            Vector<float> acc = Load(ref xr, 0) * Load(ref yr, 0);
            for (i = width; i + width <= n; i += width)
            {
                acc += Load(ref xr, i) * Load(ref yr, i);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
        }

        return sum;
    }

    /// <summary>y += a · x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y.Slice(0, n));
        int width = Vector<float>.Count;
        var va = new Vector<float>(a);
        int i = 0;
        for (; i + width <= n; i += width)
        {
            Store(Load(ref yr, i) + (va * Load(ref xr, i)), ref yr, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) += a * Unsafe.Add(ref xr, i);
        }
    }

    /// <summary>
    /// y = x for a row of a few registers: inlined, where <see cref="Span{T}.CopyTo"/> calls the general memmove,
    /// whose entry costs as much as copying a row of 64 floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ReadOnlySpan<float> x, Span<float> y)
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y.Slice(0, n));
        int width = Vector<float>.Count;
        int i = 0;
        for (; i + width <= n; i += width)
        {
            Store(Load(ref xr, i), ref yr, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = Unsafe.Add(ref xr, i);
        }
    }

    /// <summary>Σ xᵢ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(ReadOnlySpan<float> x)
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        int width = Vector<float>.Count;
        int i = 0;
        float sum = 0;
        if (n >= width)
        {
            Vector<float> acc = Load(ref xr, 0);
            for (i = width; i + width <= n; i += width)
            {
                acc += Load(ref xr, i);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref xr, i);
        }

        return sum;
    }

    /// <summary>
    /// eˣ on each element, to about 1 ulp (Cephes' <c>expf</c>): x = n ln 2 + r with |r| ≤ ln 2 / 2, eʳ = 1 + r + r² p(r)
    /// with p of degree 5, and 2ⁿ put in the exponent bits. Arguments are clamped to [−87, 88], where the result
    /// stays a normal float.
    /// </summary>
    /// <remarks>
    /// The clamp and the conversion are the processor's own instructions (<c>MaxNative</c>, <c>MinNative</c>,
    /// <c>ConvertToInt32Native</c>): since .NET 9 the plain ones add NaN, signed-zero and saturation fix-ups, some
    /// fifteen instructions a register that GELU pays on every element. The results are the same for every input: the
    /// constant is the first operand, so a NaN x is what the instruction passes on, as the plain ones do, and n is an
    /// integer within [−126, 127] (a NaN's conversion differs only in the bit the shift by 23 drops).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
#if NET9_0_OR_GREATER
        x = Vector.MinNative(new Vector<float>(88f), Vector.MaxNative(new Vector<float>(-87f), x));
#else
        x = Vector.Min(Vector.Max(x, new Vector<float>(-87f)), new Vector<float>(88f));
#endif
        Vector<float> n = Vector.Floor((x * new Vector<float>(1.44269504f)) + new Vector<float>(0.5f));
        Vector<float> r = x - (n * new Vector<float>(0.693359375f)) + (n * new Vector<float>(2.12194440e-4f));
        Vector<float> p = new Vector<float>(1.9875691500e-4f);
        p = (p * r) + new Vector<float>(1.3981999507e-3f);
        p = (p * r) + new Vector<float>(8.3334519073e-3f);
        p = (p * r) + new Vector<float>(4.1665795894e-2f);
        p = (p * r) + new Vector<float>(1.6666665459e-1f);
        p = (p * r) + new Vector<float>(5.0000001201e-1f);
        p = (p * r * r) + r + Vector<float>.One;
#if NET9_0_OR_GREATER
        Vector<int> scale = Vector.ShiftLeft(Vector.ConvertToInt32Native(n) + new Vector<int>(127), 23);
#else
        Vector<int> scale = Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23);
#endif
        return p * Vector.AsVectorSingle(scale);
    }

    /// <summary>The scalar <see cref="Exp(Vector{float})"/>, the same arithmetic on one element, for the tails (the same instructions' choices).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
#if NET9_0_OR_GREATER
        x = float.MinNative(88f, float.MaxNative(-87f, x));
#else
        x = MathF.Min(MathF.Max(x, -87f), 88f);
#endif
        float n = MathF.Floor((x * 1.44269504f) + 0.5f);
        float r = x - (n * 0.693359375f) + (n * 2.12194440e-4f);
        float p = 1.9875691500e-4f;
        p = (p * r) + 1.3981999507e-3f;
        p = (p * r) + 8.3334519073e-3f;
        p = (p * r) + 4.1665795894e-2f;
        p = (p * r) + 1.6666665459e-1f;
        p = (p * r) + 5.0000001201e-1f;
        p = (p * r * r) + r + 1f;
#if NET9_0_OR_GREATER
        return p * BitConverter.Int32BitsToSingle((float.ConvertToIntegerNative<int>(n) + 127) << 23);
#else
        return p * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Load(ref float source, int offset) => Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref source, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector<float> value, ref float destination, int offset) => Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref destination, offset)), value);
}
