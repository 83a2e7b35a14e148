using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Makemore.Transformers;

namespace Makemore.Training.Transformer;

/// <summary>The MLP's activation (<see cref="Gelu"/>) and its gradient.</summary>
internal static class GeluLayer
{
    public static void Forward(ReadOnlySpan<float> input, Span<float> output) => Gelu.Forward(input, output);

    /// <summary>
    /// inputGradient = dy · GELU'(x). With s = σ(2u) = 0.5(1 + tanh u) and u' = √(2/π)(1 + 3 · 0.044715x²):
    /// GELU'(x) = 0.5(1 + tanh u) + 0.5x(1 − tanh² u)u' = s + 2x · s(1 − s) · u'.
    /// <paramref name="inputGradient"/> may be <paramref name="outputGradient"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> input, Span<float> inputGradient)
    {
        int n = input.Length;
        ref float xr = ref MemoryMarshal.GetReference(input);
        ref float dyr = ref MemoryMarshal.GetReference(outputGradient.Slice(0, n));
        ref float dxr = ref MemoryMarshal.GetReference(inputGradient.Slice(0, n));
        int width = Vector<float>.Count;
        int i = 0;
        for (; i + width <= n; i += width)
        {
            Vector<float> x = NeuralMath.Load(ref xr, i);
            Vector<float> s = Gelu.Sigmoid(x);
            Vector<float> du = (x * x * new Vector<float>(3 * Gelu.Cubic * Gelu.Scale)) + new Vector<float>(Gelu.Scale);
            Vector<float> slope = s + (new Vector<float>(2f) * x * s * (Vector<float>.One - s) * du);
            NeuralMath.Store(slope * NeuralMath.Load(ref dyr, i), ref dxr, i);
        }

        for (; i < n; i++)
        {
            float x = Unsafe.Add(ref xr, i);
            float s = Gelu.Sigmoid(x);
            float du = (x * x * (3 * Gelu.Cubic * Gelu.Scale)) + Gelu.Scale;
            float slope = s + (2f * x * s * (1f - s) * du);
            Unsafe.Add(ref dxr, i) = slope * Unsafe.Add(ref dyr, i);
        }
    }
}
