using System;
using Makemore.Transformers;
using Xunit;

namespace Makemore.Tests.Transformers;

/// <summary>The half-panel matrix–vector product against the plain float32 sum it promises, bit for bit.</summary>
public sealed class HalfPanelProductTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 24)]
    [InlineData(8, 6)]
    [InlineData(64, 27)]
    [InlineData(64, 64)]
    [InlineData(64, 192)]
    [InlineData(256, 64)]
    [InlineData(17, 100)]
    public void Every_element_is_its_start_then_one_multiply_add_per_k_of_the_float32_weight(int depth, int columns)
    {
        var random = new Random((depth * 1000) + columns);
        float[] b = HalfWeights(random, depth * columns);
        float[] bias = Floats(random, columns);
        float[] initial = Floats(random, columns);
        float[] x = Floats(random, depth);

        // Extremes of the inputs: a subnormal float, zeros of both signs, the largest magnitude the kernel takes.
        x[0] = 1e-40f;
        x[depth / 2] = depth > 2 ? -0f : x[depth / 2];
        x[depth - 1] = depth > 1 ? -65000f : x[depth - 1];
        short[] panels = new short[HalfPanelProduct.Length(depth, columns)];
        if (!HalfPanelProduct.IsSupported)
        {
            Assert.False(HalfPanelProduct.TryMultiply(x, panels, depth, columns, new float[columns], ProductStart.Zero, bias, new float[depth]));
            return;
        }

        Assert.True(HalfPanelProduct.TryPack(b, depth, columns, panels));
        foreach (ProductStart start in Enum.GetValues<ProductStart>())
        {
            float[] y = (float[])initial.Clone();
            Assert.True(HalfPanelProduct.TryMultiply(x, panels, depth, columns, y, start, bias, new float[depth]));
            for (int j = 0; j < columns; j++)
            {
                float sum = start switch
                {
                    ProductStart.Zero => 0,
                    ProductStart.Bias => bias[j],
                    _ => initial[j],
                };
                for (int p = 0; p < depth; p++)
                {
                    sum = MathF.FusedMultiplyAdd(x[p], b[(p * columns) + j], sum);
                }

                Assert.Equal(BitConverter.SingleToInt32Bits(sum), BitConverter.SingleToInt32Bits(y[j]));
            }
        }
    }

    [Theory]
    [InlineData(65536f)]
    [InlineData(-1e30f)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NaN)]
    public void An_input_too_large_for_the_rebias_is_refused(float large)
    {
        var random = new Random(3);
        float[] b = HalfWeights(random, 64 * 64);
        float[] x = Floats(random, 64);
        x[40] = large;
        short[] panels = new short[HalfPanelProduct.Length(64, 64)];
        Assert.Equal(HalfPanelProduct.IsSupported, HalfPanelProduct.TryPack(b, 64, 64, panels));
        Assert.False(HalfPanelProduct.TryMultiply(x, panels, 64, 64, new float[64], ProductStart.Zero, default, new float[64]));
    }

    [Theory]
    [InlineData(1f / 3)]
    [InlineData(70000f)]
    [InlineData(float.PositiveInfinity)]
    public void A_weight_that_is_not_a_finite_half_is_not_packed(float weight)
    {
        float[] b = HalfWeights(new Random(4), 8 * 20);
        b[77] = weight;
        Assert.False(HalfPanelProduct.TryPack(b, 8, 20, new short[HalfPanelProduct.Length(8, 20)]));
    }

    /// <summary>Weights that are binary16 values: normal ones of either sign, subnormal ones, zeros of both signs.</summary>
    private static float[] HalfWeights(Random random, int count)
    {
        var weights = new float[count];
        for (int i = 0; i < count; i++)
        {
            weights[i] = (i % 11) switch
            {
                0 => (float)BitConverter.Int16BitsToHalf((short)random.Next(1, 0x400)) * (random.Next(2) == 0 ? 1 : -1),
                1 => i % 2 == 0 ? 0f : -0f,
                2 => (float)(Half)(random.NextDouble() * 60000 * (random.Next(2) == 0 ? 1 : -1)),
                _ => (float)(Half)((random.NextDouble() * 2) - 1),
            };
        }

        return weights;
    }

    private static float[] Floats(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return values;
    }
}
