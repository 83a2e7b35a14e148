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
/// Other widths, head sizes and longer rows take the one-position-at-a-time loop: the same bits (a NaN score
/// gives NaN weights either way).
/// </remarks>
internal static class CausalAttentionRow
{
    /// <summary>The most positions the blocked path scores (two registers).</summary>
    private const int BlockedPositions = 16;

    /// <summary>The most heads the blocked path takes in one call (room for their weights on the stack).</summary>
    private const int MaxBlockedHeads = 16;

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
        if (CanBlock(size, 1, keys, values, stride, count))
        {
            Blocked(query, keys, values, stride, count, scale, 1, size, probabilities, output.Slice(0, size));
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

    /// <summary>
    /// <see cref="Forward"/> for every head of a row at once, head h being the floats [h · size, (h + 1) · size) of the
    /// query, each key, each value and the output: the same bits as a call per head, with the heads' independent
    /// chains of dependent operations (scores, maximum, exponential, sum, mix) side by side.
    /// </summary>
    /// <param name="query">The row's query, <paramref name="heads"/> heads.</param>
    /// <param name="keys">Position j's keys, every head, at <c>j · stride</c>.</param>
    /// <param name="values">Position j's values, every head, at <c>j · stride</c>.</param>
    /// <param name="stride">Distance between positions in <paramref name="keys"/> and <paramref name="values"/>.</param>
    /// <param name="count">Positions seen.</param>
    /// <param name="heads">Heads in a row.</param>
    /// <param name="scale">1 / √(head size).</param>
    /// <param name="probabilities">Head h's attention weights at <c>h · count</c>.</param>
    /// <param name="output">The mixed values, every head.</param>
    public static void ForwardHeads(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int stride, int count, int heads, float scale, Span<float> probabilities, Span<float> output)
    {
        int size = query.Length / heads;
        if (CanBlock(size, heads, keys, values, stride, count))
        {
            Blocked(query, keys, values, stride, count, scale, heads, size, probabilities, output.Slice(0, heads * size));
            return;
        }

        for (int h = 0; h < heads; h++)
        {
            int offset = h * size;
            Forward(query.Slice(offset, size), keys.Slice(offset), values.Slice(offset), stride, count, scale, probabilities.Slice(h * count, count), output.Slice(offset, size));
        }
    }

    private static bool CanBlock(int size, int heads, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int stride, int count) =>
        Avx.IsSupported && Vector<float>.Count == 8 && size >= 8 && size % 8 == 0 && heads <= MaxBlockedHeads
        && count >= 1 && count <= BlockedPositions
        && ((long)(count - 1) * stride) + ((long)heads * size) <= Math.Min(keys.Length, values.Length);

    /// <summary>
    /// The blocked path: 1 to 16 positions, heads of a multiple of 8 floats, keys and values in range (checked by the
    /// caller); head h's weights go to <paramref name="probabilities"/> at h · count (as two whole registers when it has room for them), and the mix reads them there.
    /// </summary>
    private static void Blocked(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int stride, int count, float scale, int heads, int size, Span<float> probabilities, Span<float> output)
    {
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float k = ref MemoryMarshal.GetReference(keys);
        ref float v = ref MemoryMarshal.GetReference(values);
        Vector256<float> vscale = Vector256.Create(scale);
        Vector256<float> lanes = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        Vector256<float> negativeInfinity = Vector256.Create(float.NegativeInfinity);
        Vector256<float> first = Vector256.LessThan(lanes, Vector256.Create((float)count));
        Vector256<float> second = Vector256.LessThan(lanes, Vector256.Create((float)(count - 8)));

        ref float pr = ref MemoryMarshal.GetReference(probabilities);
        for (int h = 0; h < heads; h++)
        {
            ref float qh = ref Unsafe.Add(ref q, h * size);
            ref float kh = ref Unsafe.Add(ref k, h * size);

            // Lanes past the last position hold −∞, which leaves the maximum as it is.
            Vector256<float> s0 = Vector256.ConditionalSelect(first, Scores(ref qh, ref kh, stride, size, Math.Min(count, 8)) * vscale, negativeInfinity);
            Vector256<float> s1 = count > 8
                ? Vector256.ConditionalSelect(second, Scores(ref qh, ref Unsafe.Add(ref kh, (nint)8 * stride), stride, size, count - 8) * vscale, negativeInfinity)
                : negativeInfinity;

            var vmax = new Vector<float>(Max(s0, s1));
            Vector256<float> e0 = Vector256.ConditionalSelect(first, NeuralMath.Exp(s0.AsVector() - vmax).AsVector256(), Vector256<float>.Zero);
            Vector256<float> e1 = count > 8
                ? Vector256.ConditionalSelect(second, NeuralMath.Exp(s1.AsVector() - vmax).AsVector256(), Vector256<float>.Zero)
                : Vector256<float>.Zero;

            // Σⱼ eⱼ in increasing j, as the loop adds them: the zeros past the last position leave the (positive) sum as it is.
            float sum = AddInOrder(0f, e0);
            if (count > 8)
            {
                sum = AddInOrder(sum, e1);
            }

            var inverse = Vector256.Create(1f / sum);
            Vector256<float> p0 = e0 * inverse;
            Vector256<float> p1 = e1 * inverse;
            int at = h * count;
            if (probabilities.Length - at >= BlockedPositions)
            {
                // Heads in order: the zeros written past this head's weights are the next head's to overwrite.
                p0.StoreUnsafe(ref pr, (nuint)at);
                p1.StoreUnsafe(ref pr, (nuint)(at + 8));
            }
            else
            {
                for (int j = 0; j < count; j++)
                {
                    probabilities[at + j] = j < 8 ? p0.GetElement(j) : p1.GetElement(j - 8);
                }
            }
        }

        // y = Σⱼ pⱼ vⱼ, added in increasing j from zero: a position's value row at a time, every head's registers.
        ref float y = ref MemoryMarshal.GetReference(output);
        int width = heads * size;
        for (int i = 0; i < width; i += 8)
        {
            Vector256<float>.Zero.StoreUnsafe(ref y, (nuint)i);
        }

        for (int j = 0; j < count; j++)
        {
            ref float vj = ref Unsafe.Add(ref v, (nint)j * stride);
            for (int h = 0; h < heads; h++)
            {
                Vector256<float> p = Vector256.Create(Unsafe.Add(ref pr, (h * count) + j));
                for (int i = h * size; i < (h + 1) * size; i += 8)
                {
                    (Vector256.LoadUnsafe(ref y, (nuint)i) + (p * Vector256.LoadUnsafe(ref vj, (nuint)i))).StoreUnsafe(ref y, (nuint)i);
                }
            }
        }
    }

    /// <summary><paramref name="sum"/> + e₀ + e₁ + … + e₇, one addition after another.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float AddInOrder(float sum, Vector256<float> e)
    {
        Vector128<float> low = e.GetLower();
        Vector128<float> high = e.GetUpper();
        sum += low.ToScalar();
        sum += Sse.Shuffle(low, low, 1).ToScalar();
        sum += Sse.MoveHighToLow(low, low).ToScalar();
        sum += Sse.Shuffle(low, low, 3).ToScalar();
        sum += high.ToScalar();
        sum += Sse.Shuffle(high, high, 1).ToScalar();
        sum += Sse.MoveHighToLow(high, high).ToScalar();
        sum += Sse.Shuffle(high, high, 3).ToScalar();
        return sum;
    }

    /// <summary>
    /// The largest lane of two registers, as <see cref="MathF.Max(float, float)"/> over them gives it: NaN when a lane
    /// is NaN; otherwise the processor's maximum (the same value, in any order, but for the sign of a zero maximum,
    /// which changes no difference from it that the exponential sees: e^(±0) is 1 either way).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Max(Vector256<float> s0, Vector256<float> s1)
    {
        if (!Vector256.EqualsAll(s0, s0) || !Vector256.EqualsAll(s1, s1))
        {
            return float.NaN;
        }

        Vector256<float> m8 = Avx.Max(s0, s1);
        Vector128<float> m4 = Sse.Max(m8.GetLower(), m8.GetUpper());
        Vector128<float> m2 = Sse.Max(m4, Sse.MoveHighToLow(m4, m4));
        return Sse.MaxScalar(m2, Sse.Shuffle(m2, m2, 1)).ToScalar();
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
