using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Makemore.Transformers;

/// <summary>
/// One head's attention for one query position: softmax(q · kⱼ · scale) over the positions j it may see, then the
/// probabilities' mix of the values. Keys and values are read through a stride, so that the trainer's q|k|v rows and
/// the inference's key/value cache go through the same code and give the same bits.
/// </summary>
/// <remarks>
/// Each score is <see cref="NeuralMath.Dot"/>'s sum: a register of products added along the head, then the
/// register's lanes added as <see cref="Vector.Sum{T}(Vector{T})"/> adds them, ((e₀+e₁)+(e₂+e₃)) + ((e₄+e₅)+(e₆+e₇)).
/// On 8-float registers with AVX, up to 16 positions are scored a block of 8 at a time: horizontal adds of eight
/// positions' registers make those same additions, leaving the eight scores side by side, so that the scale, the
/// exponential and the normalisation run once a block (<see cref="NeuralMath.Exp(Vector{float})"/> is the scalar
/// exponential's arithmetic lane by lane). The sum of the exponentials and the mix of the values stay sequential in j.
/// Other widths, head sizes and longer rows take the one-position-at-a-time loop: the same bits.
/// </remarks>
internal static class CausalAttentionRow
{
    /// <summary>The most positions the blocked path scores (two registers).</summary>
    private const int BlockedPositions = 16;

    /// <summary>Computes the attention of <paramref name="query"/> over <paramref name="count"/> positions.</summary>
    /// <param name="query">The query, one head's size.</param>
    /// <param name="keys">Position j's key at <c>j · stride</c>.</param>
    /// <param name="values">Position j's value at <c>j · stride</c>.</param>
    /// <param name="stride">Distance between positions in <paramref name="keys"/> and <paramref name="values"/>.</param>
    /// <param name="count">Positions seen: the query's own and those before it.</param>
    /// <param name="scale">1 / √(head size).</param>
    /// <param name="probabilities">The attention weights, <paramref name="count"/> of them.</param>
    /// <param name="output">The mixed value, one head's size.</param>
    public static void Forward(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int stride, int count, float scale, Span<float> probabilities, Span<float> output)
    {
        int size = query.Length;
        if (Avx.IsSupported && Vector<float>.Count == 8 && size >= 8 && size % 8 == 0 && count <= BlockedPositions
            && count >= 1 && (long)((count - 1) * (long)stride) + size <= Math.Min(keys.Length, values.Length))
        {
            Blocked(query, keys, values, stride, count, scale, probabilities.Slice(0, count), output.Slice(0, size));
            return;
        }

        float max = float.NegativeInfinity;
        for (int j = 0; j < count; j++)
        {
            float score = NeuralMath.Dot(query, keys.Slice(j * stride, size)) * scale;
            probabilities[j] = score;
            max = MathF.Max(max, score);
        }

        float sum = 0;
        for (int j = 0; j < count; j++)
        {
            float e = NeuralMath.Exp(probabilities[j] - max);
            probabilities[j] = e;
            sum += e;
        }

        float inverse = 1f / sum;
        Span<float> y = output.Slice(0, size);
        y.Clear();
        for (int j = 0; j < count; j++)
        {
            float p = probabilities[j] * inverse;
            probabilities[j] = p;
            NeuralMath.MultiplyAdd(values.Slice(j * stride, size), p, y);
        }
    }

    /// <summary>The blocked path: 1 to 16 positions, a head of a multiple of 8 floats, keys and values in range (checked by the caller).</summary>
    private static void Blocked(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int stride, int count, float scale, Span<float> probabilities, Span<float> output)
    {
        int size = query.Length;
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float k = ref MemoryMarshal.GetReference(keys);
        ref float v = ref MemoryMarshal.GetReference(values);
        Vector256<float> vscale = Vector256.Create(scale);
        Vector256<float> lanes = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        Vector256<float> negativeInfinity = Vector256.Create(float.NegativeInfinity);

        // Lanes past the last position hold −∞, which leaves the maximum as it is.
        Vector256<float> s0 = Scores(ref q, ref k, stride, size, Math.Min(count, 8)) * vscale;
        s0 = Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create((float)count)), s0, negativeInfinity);
        Vector256<float> s1 = negativeInfinity;
        if (count > 8)
        {
            s1 = Scores(ref q, ref Unsafe.Add(ref k, (nint)8 * stride), stride, size, count - 8) * vscale;
            s1 = Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create((float)(count - 8))), s1, negativeInfinity);
        }

        // The maximum is exact in any order (IEEE maximum: NaN wins, +0 above −0, as MathF.Max).
        Vector256<float> m = Vector256.Max(s0, s1);
        Vector128<float> m4 = Vector128.Max(m.GetLower(), m.GetUpper());
        float max = MathF.Max(MathF.Max(m4.GetElement(0), m4.GetElement(1)), MathF.Max(m4.GetElement(2), m4.GetElement(3)));
        var vmax = new Vector<float>(max);

        Span<float> e = stackalloc float[BlockedPositions];
        ref float er = ref MemoryMarshal.GetReference(e);
        NeuralMath.Exp(s0.AsVector() - vmax).AsVector256().StoreUnsafe(ref er);
        if (count > 8)
        {
            NeuralMath.Exp(s1.AsVector() - vmax).AsVector256().StoreUnsafe(ref er, 8);
        }

        float sum = 0;
        for (int j = 0; j < count; j++)
        {
            sum += Unsafe.Add(ref er, j);
        }

        float inverse = 1f / sum;
        ref float pr = ref MemoryMarshal.GetReference(probabilities);
        for (int j = 0; j < count; j++)
        {
            float p = Unsafe.Add(ref er, j) * inverse;
            Unsafe.Add(ref er, j) = p;
            Unsafe.Add(ref pr, j) = p;
        }

        // y = Σⱼ pⱼ vⱼ, added in increasing j from zero, a register of the head at a time.
        ref float y = ref MemoryMarshal.GetReference(output);
        for (int i = 0; i < size; i += 8)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            ref float vi = ref Unsafe.Add(ref v, i);
            for (int j = 0; j < count; j++)
            {
                acc += Vector256.Create(Unsafe.Add(ref er, j)) * Vector256.LoadUnsafe(ref vi, (nuint)((nint)j * stride));
            }

            acc.StoreUnsafe(ref y, (nuint)i);
        }
    }

    /// <summary>
    /// The scores (before the scale) of <paramref name="n"/> ≤ 8 positions from <paramref name="k"/>, in the lanes of
    /// one register; the lanes past <paramref name="n"/> hold zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Scores(ref float q, ref float k, int stride, int size, int n)
    {
        Vector256<float> a0 = Products(ref q, ref k, size);
        Vector256<float> a1 = n > 1 ? Products(ref q, ref Unsafe.Add(ref k, stride), size) : default;
        Vector256<float> a2 = n > 2 ? Products(ref q, ref Unsafe.Add(ref k, (nint)2 * stride), size) : default;
        Vector256<float> a3 = n > 3 ? Products(ref q, ref Unsafe.Add(ref k, (nint)3 * stride), size) : default;
        Vector256<float> a4 = n > 4 ? Products(ref q, ref Unsafe.Add(ref k, (nint)4 * stride), size) : default;
        Vector256<float> a5 = n > 5 ? Products(ref q, ref Unsafe.Add(ref k, (nint)5 * stride), size) : default;
        Vector256<float> a6 = n > 6 ? Products(ref q, ref Unsafe.Add(ref k, (nint)6 * stride), size) : default;
        Vector256<float> a7 = n > 7 ? Products(ref q, ref Unsafe.Add(ref k, (nint)7 * stride), size) : default;

        // hadd(x, y) = [x₀+x₁, x₂+x₃, y₀+y₁, y₂+y₃ | x₄+x₅, x₆+x₇, y₄+y₅, y₆+y₇]: two rounds give each position's
        // (e₀+e₁)+(e₂+e₃) in the low half and (e₄+e₅)+(e₆+e₇) in the high half, which one add joins.
        Vector256<float> h0123 = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
        Vector256<float> h4567 = Avx.HorizontalAdd(Avx.HorizontalAdd(a4, a5), Avx.HorizontalAdd(a6, a7));
        return Avx.Permute2x128(h0123, h4567, 0x20) + Avx.Permute2x128(h0123, h4567, 0x31);
    }

    /// <summary>One position's register of products, as <see cref="NeuralMath.Dot"/> accumulates it before its lanes are added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Products(ref float q, ref float k, int size)
    {
        Vector256<float> acc = Vector256.LoadUnsafe(ref q) * Vector256.LoadUnsafe(ref k);
        for (int i = 8; i < size; i += 8)
        {
            acc += Vector256.LoadUnsafe(ref q, (nuint)i) * Vector256.LoadUnsafe(ref k, (nuint)i);
        }

        return acc;
    }
}
