using System;
using System.Buffers;

namespace Makemore.PyTorch;

/// <summary>
/// The few random tensor functions the makemore lecture calls — <c>torch.rand</c>, <c>torch.randn</c> and
/// <c>torch.multinomial</c> — on one-dimensional contiguous float tensors, consuming a
/// <see cref="TorchGenerator"/> exactly as PyTorch's CPU kernels consume theirs, so that the lecture's seeded
/// results can be reproduced without PyTorch.
/// </summary>
/// <remarks>
/// The uniform and categorical results match PyTorch bit for bit. Normal values follow PyTorch's portable
/// scalar kernels with the platform's <see cref="MathF"/> and <see cref="Math"/> functions; PyTorch's x86 AVX2
/// build evaluates the same formulas with vectorised approximations of ln, sin and cos, so results agree to
/// float rounding (an ulp or two), not necessarily bit for bit.
/// </remarks>
public static class Torch
{
    /// <summary>The number of elements PyTorch's vectorised normal fill transforms at a time.</summary>
    public const int NormalBlock = 16;

    /// <summary>The largest number of categories <c>torch.multinomial</c> accepts, 2^24.</summary>
    public const int MaxCategories = 1 << 24;

    private const int HalfBlock = NormalBlock / 2;
    private const int StackLimit = 256;

    /// <summary>
    /// <c>torch.rand(n, generator=g)</c>: fills <paramref name="result"/>, in order, with one float uniform in
    /// [0, 1) per element (<see cref="TorchGenerator.NextFloat"/>: the low 24 bits of one 32-bit draw times 2^−24).
    /// </summary>
    /// <param name="generator">The generator; advanced by one 32-bit draw per element.</param>
    /// <param name="result">The tensor to fill.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    public static void Rand(TorchGenerator generator, Span<float> result)
    {
        ArgumentNullException.ThrowIfNull(generator);
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = generator.NextFloat();
        }
    }

    /// <summary>
    /// <c>torch.randn(n, generator=g)</c> for a contiguous float tensor (any shape: pass its n elements in
    /// row-major order), following PyTorch's CPU <c>normal_kernel</c> (1.x and 2.x alike).
    /// </summary>
    /// <remarks>
    /// <para>
    /// n ≥ 16 (<c>normal_fill</c>): all n elements are first filled with float uniforms d[0..n). Then each
    /// block of 16 starting at i = 0, 16, 32, … with i + 16 ≤ n is transformed in place by Box–Muller in float:
    /// for j in 0..7, u1 = 1 − d[i+j], u2 = d[i+j+8], r = √(−2 ln u1), θ = 2π·u2 (computed in double, rounded
    /// to float), d[i+j] = r cos θ and d[i+j+8] = r sin θ. When n is not a multiple of 16, 16 fresh float
    /// uniforms then overwrite the last 16 positions d[n−16..n), and that block is transformed the same way
    /// (overlapping, and replacing, values of the last full block).
    /// </para>
    /// <para>
    /// n &lt; 16: each element is one <see cref="TorchGenerator.NextNormal"/> (PyTorch's
    /// <c>at::normal_distribution&lt;double&gt;</c>) rounded to float. Those values come in Box–Muller pairs
    /// from two double uniforms each, and the second of a pair is cached in the generator, so an odd n leaves a
    /// value that the next small <c>randn</c> on the same generator returns first — as PyTorch does.
    /// </para>
    /// </remarks>
    /// <param name="generator">The generator.</param>
    /// <param name="result">The tensor to fill.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    public static void Randn(TorchGenerator generator, Span<float> result)
    {
        ArgumentNullException.ThrowIfNull(generator);
        int n = result.Length;
        if (n < NormalBlock)
        {
            for (int i = 0; i < n; i++)
            {
                result[i] = (float)generator.NextNormal();
            }

            return;
        }

        Rand(generator, result);
        for (int i = 0; i + NormalBlock <= n; i += NormalBlock)
        {
            BoxMuller16(result.Slice(i, NormalBlock));
        }

        if (n % NormalBlock != 0)
        {
            Span<float> tail = result[(n - NormalBlock)..];
            Rand(generator, tail);
            BoxMuller16(tail);
        }
    }

    /// <summary>
    /// <c>torch.multinomial(probs, k, replacement, generator=g)</c> for one distribution: writes k =
    /// <paramref name="result"/>.Length category indices drawn from the weights <paramref name="probabilities"/>
    /// (non-negative, any positive total; they need not sum to 1).
    /// </summary>
    /// <remarks>
    /// <para>PyTorch chooses between two algorithms; <paramref name="algorithm"/> says which release's choice to follow.</para>
    /// <para>
    /// Cumulative inversion (<c>multinomial_with_replacement</c> CPU kernel): running sums of the weights in float,
    /// each divided by the total in float, the last then set to exactly 1; every sample draws one double uniform
    /// u (<see cref="TorchGenerator.NextDouble"/>) and binary-searches it: left = 0, right = n; while right &gt;
    /// left: mid = left + (right − left) / 2; if cum[mid] &lt; u then left = mid + 1 else right = mid; the sample
    /// is left. Used for sampling with replacement by <see cref="TorchMultinomial.Legacy"/> (PyTorch 1.x, the
    /// video) and, when k &gt; 1, by <see cref="TorchMultinomial.Modern"/> too.
    /// </para>
    /// <para>
    /// Exponential race (the Gumbel-max fast path of <c>multinomial_out</c>): for each category in index order
    /// a double uniform u is drawn and q = −ln(1 − u) rounded to float (<c>exponential_(1)</c>); the score is
    /// weight / q in float. One sample is the first index of the largest score; k samples are the indices of the
    /// k largest scores in descending order (equal scores by ascending index; a NaN score, possible only with
    /// probability 2^−53, ranks highest as in <c>argmax</c>). Used without replacement by both algorithms (the
    /// fast path arrived with pytorch#39636, mid-2020, i.e. PyTorch 1.6), and by <see cref="TorchMultinomial.Modern"/> (PyTorch 2.x) for a single
    /// sample with replacement. As in PyTorch, sampling without replacement can return zero-weight categories
    /// once the positive ones are used up.
    /// </para>
    /// <para>
    /// Caveat: some x86 MKL builds of PyTorch 2.x drew <c>exponential_</c> from an MKL VSL stream seeded by one
    /// 32-bit draw instead (see pytorch#132395); current sources disable that path until the issue is fixed, and
    /// it is not reproduced here. Nothing is drawn when validation fails. Allocation-free for up to 256 categories; larger
    /// inputs rent their scratch space from <see cref="ArrayPool{T}.Shared"/>.
    /// </para>
    /// </remarks>
    /// <param name="generator">The generator.</param>
    /// <param name="probabilities">The n category weights.</param>
    /// <param name="result">Receives the k sampled indices, each in [0, n).</param>
    /// <param name="replacement">Whether a category may be drawn more than once.</param>
    /// <param name="algorithm">Which PyTorch release's dispatch to follow.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException">
    /// There are no categories or more than 2^24; a weight is negative, infinite or NaN; all weights are zero;
    /// <paramref name="result"/> is empty; or more samples than categories are asked for without replacement.
    /// </exception>
    public static void Multinomial(
        TorchGenerator generator, ReadOnlySpan<float> probabilities, Span<int> result, bool replacement, TorchMultinomial algorithm)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (algorithm is not (TorchMultinomial.Legacy or TorchMultinomial.Modern))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown multinomial algorithm.");
        }

        int n = probabilities.Length;
        int k = result.Length;
        if (n == 0)
        {
            throw new ArgumentException("The probability distribution has no categories.", nameof(probabilities));
        }

        if (n > MaxCategories)
        {
            throw new ArgumentException($"The number of categories ({n}) cannot exceed 2^24.", nameof(probabilities));
        }

        if (k == 0)
        {
            throw new ArgumentException("Cannot draw zero samples: the result span is empty.", nameof(result));
        }

        if (!replacement && k > n)
        {
            throw new ArgumentException($"Cannot draw {k} samples without replacement from {n} categories.", nameof(result));
        }

        ValidateWeights(probabilities, nameof(probabilities));
        if (!replacement || (k == 1 && algorithm == TorchMultinomial.Modern))
        {
            if (k == 1)
            {
                result[0] = RaceArgMax(generator, probabilities);
            }
            else
            {
                RaceTopK(generator, probabilities, result);
            }
        }
        else
        {
            InvertCumulative(generator, probabilities, result);
        }
    }

    /// <summary>
    /// <c>torch.multinomial(probs, 1, replacement, generator=g).item()</c>: one sample, as
    /// <see cref="Multinomial(TorchGenerator, ReadOnlySpan{float}, Span{int}, bool, TorchMultinomial)"/> draws it.
    /// </summary>
    /// <param name="generator">The generator.</param>
    /// <param name="probabilities">The n category weights.</param>
    /// <param name="replacement">
    /// The flag passed to PyTorch; with one sample it only matters for <see cref="TorchMultinomial.Legacy"/>,
    /// where true inverts the cumulative distribution and false races exponentials.
    /// </param>
    /// <param name="algorithm">Which PyTorch release's dispatch to follow.</param>
    /// <returns>The sampled index in [0, n).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException">The weights are not a valid distribution (see the span overload).</exception>
    public static int Multinomial(TorchGenerator generator, ReadOnlySpan<float> probabilities, bool replacement, TorchMultinomial algorithm)
    {
        Span<int> one = stackalloc int[1];
        Multinomial(generator, probabilities, one, replacement, algorithm);
        return one[0];
    }

    private static void BoxMuller16(Span<float> block)
    {
        // Mirrors normal_fill_16 with mean 0 and std 1 (r·cos θ·1 + 0 is exactly r·cos θ).
        for (int j = 0; j < HalfBlock; j++)
        {
            float u1 = 1f - block[j];
            float u2 = block[j + HalfBlock];
            float radius = MathF.Sqrt(-2f * MathF.Log(u1));
            float theta = (float)(2.0 * Math.PI * u2);
            block[j] = radius * MathF.Cos(theta);
            block[j + HalfBlock] = radius * MathF.Sin(theta);
        }
    }

    private static void ValidateWeights(ReadOnlySpan<float> probabilities, string parameterName)
    {
        bool anyPositive = false;
        for (int i = 0; i < probabilities.Length; i++)
        {
            float p = probabilities[i];
            if (!(p >= 0) || float.IsPositiveInfinity(p))
            {
                throw new ArgumentException(
                    $"Probability {p} at index {i} is not a finite non-negative number (torch.multinomial rejects inf, nan and entries < 0).",
                    parameterName);
            }

            anyPositive |= p > 0;
        }

        if (!anyPositive)
        {
            throw new ArgumentException("Invalid multinomial distribution: every probability is zero (sum of probabilities <= 0).", parameterName);
        }
    }

    /// <summary>The exponential variate of <c>exponential_(1)</c> on a float tensor: −ln(1 − u) in double, rounded to float.</summary>
    private static float NextExponential(TorchGenerator generator) => (float)-Math.Log(1.0 - generator.NextDouble());

    private static int RaceArgMax(TorchGenerator generator, ReadOnlySpan<float> probabilities)
    {
        // Every category draws its exponential, in index order, whatever the running maximum.
        int best = 0;
        float bestScore = probabilities[0] / NextExponential(generator);
        for (int i = 1; i < probabilities.Length; i++)
        {
            float score = probabilities[i] / NextExponential(generator);
            if (Outranks(score, bestScore))
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    private static void RaceTopK(TorchGenerator generator, ReadOnlySpan<float> probabilities, Span<int> result)
    {
        int n = probabilities.Length;
        ulong[]? rented = null;
        Span<ulong> keys = n <= StackLimit
            ? stackalloc ulong[StackLimit]
            : (rented = ArrayPool<ulong>.Shared.Rent(n));
        keys = keys[..n];
        try
        {
            for (int i = 0; i < n; i++)
            {
                keys[i] = RankKey(probabilities[i] / NextExponential(generator), i);
            }

            keys.Sort();
            for (int s = 0; s < result.Length; s++)
            {
                result[s] = (int)(uint)keys[s];
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    private static void InvertCumulative(TorchGenerator generator, ReadOnlySpan<float> probabilities, Span<int> result)
    {
        int n = probabilities.Length;
        float[]? rented = null;
        Span<float> cumulative = n <= StackLimit
            ? stackalloc float[StackLimit]
            : (rented = ArrayPool<float>.Shared.Rent(n));
        cumulative = cumulative[..n];
        try
        {
            float sum = 0;
            for (int j = 0; j < n; j++)
            {
                sum += probabilities[j];
                cumulative[j] = sum;
            }

            for (int j = 0; j < n; j++)
            {
                cumulative[j] /= sum;
            }

            cumulative[n - 1] = 1f;
            for (int s = 0; s < result.Length; s++)
            {
                double u = generator.NextDouble();
                int left = 0;
                int right = n;
                while (right > left)
                {
                    int mid = left + ((right - left) / 2);
                    if (cumulative[mid] < u)
                    {
                        left = mid + 1;
                    }
                    else
                    {
                        right = mid;
                    }
                }

                result[s] = left;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether <paramref name="score"/>, seen later, replaces <paramref name="best"/> as the argmax (NaN ranks highest, the first one wins).</summary>
    private static bool Outranks(float score, float best) =>
        !float.IsNaN(best) && (float.IsNaN(score) || score > best);

    /// <summary>
    /// A sort key whose ascending order is <c>topk</c>'s: NaN first, then scores in descending order (−0 equal to
    /// +0), equal scores by ascending index — the same ranking as <see cref="Outranks"/>. Sorting plain
    /// integers keeps the sort allocation-free.
    /// </summary>
    internal static ulong RankKey(float score, int index)
    {
        uint ordered;
        if (float.IsNaN(score))
        {
            ordered = uint.MaxValue;
        }
        else
        {
            uint bits = BitConverter.SingleToUInt32Bits(score == 0 ? 0f : score);
            ordered = (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u; // monotonic in the score
        }

        return ((ulong)~ordered << 32) | (uint)index;
    }
}
