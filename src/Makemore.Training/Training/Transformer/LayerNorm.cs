using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Makemore.Transformers;

namespace Makemore.Training.Transformer;

/// <summary>Layer normalisation of each row (<see cref="LayerNormRow"/>) and its gradient.</summary>
internal static class LayerNorm
{
    /// <summary>Normalises each of the <paramref name="rows"/> rows, keeping each row's mean and 1/σ for the backward pass.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, Span<float> mean, Span<float> reciprocalDeviation, int rows, int size, float epsilon)
    {
        for (int r = 0; r < rows; r++)
        {
            LayerNormRow.Forward(input.Slice(r * size, size), weight, bias, output.Slice(r * size, size), epsilon, out mean[r], out reciprocalDeviation[r]);
        }
    }

    /// <summary>
    /// Adds the gradient with respect to the input to <paramref name="inputGradient"/> and those of the weight and
    /// bias to theirs: with n = (x − mean)/σ and g = dy · weight,
    /// dx = (g − mean(g) − n · mean(g · n)) / σ.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> outputGradient,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> reciprocalDeviation,
        Span<float> inputGradient,
        Span<float> weightGradient,
        Span<float> biasGradient,
        int rows,
        int size)
    {
        ref float wr = ref MemoryMarshal.GetReference(weight.Slice(0, size));
        ref float dwr = ref MemoryMarshal.GetReference(weightGradient.Slice(0, size));
        ref float dbr = ref MemoryMarshal.GetReference(biasGradient.Slice(0, size));
        int width = Vector<float>.Count;
        for (int row = 0; row < rows; row++)
        {
            ref float dyr = ref MemoryMarshal.GetReference(outputGradient.Slice(row * size, size));
            ref float xr = ref MemoryMarshal.GetReference(input.Slice(row * size, size));
            ref float dxr = ref MemoryMarshal.GetReference(inputGradient.Slice(row * size, size));
            float m = mean[row];
            float r = reciprocalDeviation[row];
            var vm = new Vector<float>(m);
            var vr = new Vector<float>(r);

            // First pass: Σg and Σg·n, and the weight's and bias's gradients.
            var gSum = Vector<float>.Zero;
            var gnSum = Vector<float>.Zero;
            int i = 0;
            for (; i + width <= size; i += width)
            {
                Vector<float> dy = NeuralMath.Load(ref dyr, i);
                Vector<float> n = (NeuralMath.Load(ref xr, i) - vm) * vr;
                Vector<float> g = dy * NeuralMath.Load(ref wr, i);
                gSum += g;
                gnSum += g * n;
                NeuralMath.Store(NeuralMath.Load(ref dbr, i) + dy, ref dbr, i);
                NeuralMath.Store(NeuralMath.Load(ref dwr, i) + (n * dy), ref dwr, i);
            }

            float gTotal = Vector.Sum(gSum);
            float gnTotal = Vector.Sum(gnSum);
            int tail = i;
            for (; i < size; i++)
            {
                float dy = Unsafe.Add(ref dyr, i);
                float n = (Unsafe.Add(ref xr, i) - m) * r;
                float g = dy * Unsafe.Add(ref wr, i);
                gTotal += g;
                gnTotal += g * n;
                Unsafe.Add(ref dbr, i) += dy;
                Unsafe.Add(ref dwr, i) += n * dy;
            }

            // Second pass: dx += (g − mean(g) − n · mean(g·n)) · r.
            float gMean = gTotal / size;
            float gnMean = gnTotal / size;
            var vgMean = new Vector<float>(gMean);
            var vgnMean = new Vector<float>(gnMean);
            for (i = 0; i < tail; i += width)
            {
                Vector<float> n = (NeuralMath.Load(ref xr, i) - vm) * vr;
                Vector<float> g = NeuralMath.Load(ref dyr, i) * NeuralMath.Load(ref wr, i);
                NeuralMath.Store(NeuralMath.Load(ref dxr, i) + ((g - vgMean - (n * vgnMean)) * vr), ref dxr, i);
            }

            for (; i < size; i++)
            {
                float n = (Unsafe.Add(ref xr, i) - m) * r;
                float g = Unsafe.Add(ref dyr, i) * Unsafe.Add(ref wr, i);
                Unsafe.Add(ref dxr, i) += (g - gMean - (n * gnMean)) * r;
            }
        }
    }
}
