using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Makemore.Transformers;

/// <summary>
/// GELU in its tanh approximation, makemore.py's <c>NewGELU</c> (and GPT-2's):
/// 0.5 · x · (1 + tanh(u)) with u = √(2/π) · (x + 0.044715 · x³), computed as x · σ(2u), since
/// 0.5 · (1 + tanh(u)) = 1 / (1 + e^(−2u)).
/// </summary>
internal static class Gelu
{
    /// <summary>√(2/π).</summary>
    public const float Scale = 0.7978845608028654f;

    /// <summary>The cubic term's coefficient.</summary>
    public const float Cubic = 0.044715f;

    /// <summary>Applies GELU to <paramref name="x"/> into <paramref name="output"/> (which may be <paramref name="x"/>).</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> output)
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(output.Slice(0, n));
        int width = Vector<float>.Count;
        int i = 0;

        // Two registers a step: each exp is a chain of dependent operations, two chains keep the units busy.
        for (; i + (2 * width) <= n; i += 2 * width)
        {
            Vector<float> v0 = NeuralMath.Load(ref xr, i);
            Vector<float> v1 = NeuralMath.Load(ref xr, i + width);
            NeuralMath.Store(v0 * Sigmoid(v0), ref yr, i);
            NeuralMath.Store(v1 * Sigmoid(v1), ref yr, i + width);
        }

        for (; i + width <= n; i += width)
        {
            Vector<float> v = NeuralMath.Load(ref xr, i);
            NeuralMath.Store(v * Sigmoid(v), ref yr, i);
        }

        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref xr, i);
            Unsafe.Add(ref yr, i) = v * Sigmoid(v);
        }
    }

    /// <summary>σ(2u) = 0.5 · (1 + tanh(u)) of each element x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Sigmoid(Vector<float> x)
    {
        Vector<float> minusTwoU = x * ((x * x * new Vector<float>(-2 * Scale * Cubic)) + new Vector<float>(-2 * Scale));
        return Vector<float>.One / (Vector<float>.One + NeuralMath.Exp(minusTwoU));
    }

    /// <summary>The scalar <see cref="Sigmoid(Vector{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x)
    {
        float minusTwoU = x * ((x * x * (-2 * Scale * Cubic)) + (-2 * Scale));
        return 1f / (1f + NeuralMath.Exp(minusTwoU));
    }
}
