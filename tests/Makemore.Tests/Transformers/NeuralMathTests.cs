using System;
using System.Numerics;
using Makemore.Transformers;
using Xunit;

namespace Makemore.Tests.Transformers;

public sealed class NeuralMathTests
{
    /// <summary>
    /// The exponential through the processor's own min, max and conversion instructions against the same arithmetic
    /// through .NET's IEEE min, max and saturating conversion: the same bits for every kind of input.
    /// </summary>
    [Fact]
    public void The_exponential_is_the_same_bits_as_with_the_ieee_clamp_and_the_saturating_conversion()
    {
        var random = new Random(5);
        float[] special = [0f, -0f, 1e-45f, -1e-45f, 1e-40f, 1f, -1f, 86.9f, 87f, 87.5f, 88f, 88.1f, -86.9f, -87f, -87.1f, -88f, 1e30f, -1e30f, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN];
        int width = Vector<float>.Count;
        float[] values = new float[special.Length + 4096];
        special.CopyTo(values, 0);
        for (int i = special.Length; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 200) - 100);
        }

        float[] lanes = new float[width];
        for (int i = 0; i < values.Length; i++)
        {
            Array.Fill(lanes, values[i]);
            float vector = NeuralMath.Exp(new Vector<float>(lanes))[0];
            float scalar = NeuralMath.Exp(values[i]);
            float reference = Reference(values[i]);
            Assert.Equal(BitConverter.SingleToInt32Bits(reference), BitConverter.SingleToInt32Bits(vector));
            Assert.Equal(BitConverter.SingleToInt32Bits(reference), BitConverter.SingleToInt32Bits(scalar));
        }
    }

    /// <summary>The Cephes exponential as written before the native instructions, one lane at a time.</summary>
    private static float Reference(float value)
    {
        var x = new Vector<float>(value);
        x = Vector.Min(Vector.Max(x, new Vector<float>(-87f)), new Vector<float>(88f));
        Vector<float> n = Vector.Floor((x * new Vector<float>(1.44269504f)) + new Vector<float>(0.5f));
        Vector<float> r = x - (n * new Vector<float>(0.693359375f)) + (n * new Vector<float>(2.12194440e-4f));
        Vector<float> p = new Vector<float>(1.9875691500e-4f);
        p = (p * r) + new Vector<float>(1.3981999507e-3f);
        p = (p * r) + new Vector<float>(8.3334519073e-3f);
        p = (p * r) + new Vector<float>(4.1665795894e-2f);
        p = (p * r) + new Vector<float>(1.6666665459e-1f);
        p = (p * r) + new Vector<float>(5.0000001201e-1f);
        p = (p * r * r) + r + Vector<float>.One;
        Vector<int> scale = Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23);
        return (p * Vector.AsVectorSingle(scale))[0];
    }
}
