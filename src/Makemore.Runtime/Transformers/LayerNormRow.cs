using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Makemore.Transformers;

/// <summary>
/// Layer normalisation of one row, as <c>nn.LayerNorm</c>: (x − mean) / √(var + ε) · weight + bias, with the
/// biased variance. The trainer and the inference both normalise through this row, so they compute the same bits.
/// </summary>
internal static class LayerNormRow
{
    /// <summary>Normalises <paramref name="x"/> into <paramref name="output"/> (which may be <paramref name="x"/>).</summary>
    /// <param name="x">The row.</param>
    /// <param name="weight">The gain, one per element.</param>
    /// <param name="bias">The shift, one per element.</param>
    /// <param name="output">The normalised row.</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="mean">The row's mean.</param>
    /// <param name="reciprocalDeviation">1 / √(var + ε), which the backward pass reuses.</param>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, float epsilon, out float mean, out float reciprocalDeviation)
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float wr = ref MemoryMarshal.GetReference(weight.Slice(0, n));
        ref float br = ref MemoryMarshal.GetReference(bias.Slice(0, n));
        ref float yr = ref MemoryMarshal.GetReference(output.Slice(0, n));
        float m = NeuralMath.Sum(x) / n;
        int width = Vector<float>.Count;
        var vm = new Vector<float>(m);
        int i = 0;
        float squares = 0;
        if (n >= width)
        {
            Vector<float> d = NeuralMath.Load(ref xr, 0) - vm;
            Vector<float> acc = d * d;
            for (i = width; i + width <= n; i += width)
            {
                d = NeuralMath.Load(ref xr, i) - vm;
                acc += d * d;
            }

            squares = Vector.Sum(acc);
        }

        for (; i < n; i++)
        {
            float d = Unsafe.Add(ref xr, i) - m;
            squares += d * d;
        }

        float r = 1f / MathF.Sqrt((squares / n) + epsilon);
        var vr = new Vector<float>(r);
        for (i = 0; i + width <= n; i += width)
        {
            Vector<float> normalised = (NeuralMath.Load(ref xr, i) - vm) * vr;
            NeuralMath.Store((normalised * NeuralMath.Load(ref wr, i)) + NeuralMath.Load(ref br, i), ref yr, i);
        }

        for (; i < n; i++)
        {
            float normalised = (Unsafe.Add(ref xr, i) - m) * r;
            Unsafe.Add(ref yr, i) = (normalised * Unsafe.Add(ref wr, i)) + Unsafe.Add(ref br, i);
        }

        mean = m;
        reciprocalDeviation = r;
    }
}
