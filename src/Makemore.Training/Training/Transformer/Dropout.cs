using System;
using System.Numerics.Tensors;

namespace Makemore.Training.Transformer;

/// <summary>
/// Inverted dropout: each element kept with probability 1 − p and then scaled by 1 / (1 − p), so that evaluation
/// (no dropout) sees the same expected values. The mask, 0 or 1 / (1 − p) per element, is kept for the backward pass.
/// </summary>
internal static class Dropout
{
    /// <summary>Draws a mask from <paramref name="rng"/> (16 bits an element) and multiplies <paramref name="values"/> by it.</summary>
    public static void Forward(Span<float> values, Span<float> mask, float probability, ref Xoshiro256StarStar rng)
    {
        uint threshold = (uint)Math.Round(probability * 65536.0);
        float keep = 1f / (1f - (threshold / 65536f));
        ulong bits = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if ((i & 3) == 0)
            {
                bits = rng.NextUInt64();
            }

            mask[i] = (uint)(bits & 0xFFFF) < threshold ? 0f : keep;
            bits >>= 16;
        }

        TensorPrimitives.Multiply(values, mask, values);
    }

    /// <summary>Multiplies the gradient by the mask the forward pass drew.</summary>
    public static void Backward(Span<float> gradient, ReadOnlySpan<float> mask) => TensorPrimitives.Multiply(gradient, mask, gradient);
}
