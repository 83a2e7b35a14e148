using System;
using Makemore.Transformers;
using Xunit;

namespace Makemore.Tests.Transformers;

public sealed class CausalAttentionRowTests
{
    /// <summary>
    /// The attention row, whichever path computes it (positions scored a block at a time, or one at a time), against
    /// the one-position loop written out here: the same bits for the weights and the mixed value, for head sizes and
    /// strides of the inference's cache and the trainer's q|k|v rows, spans that end at the last position, and
    /// scores of every magnitude (so that another order of the additions would show) and scores of ±0.
    /// </summary>
    [Theory]
    [InlineData(16, 64)]
    [InlineData(16, 192)]
    [InlineData(8, 8)]
    [InlineData(24, 40)]
    [InlineData(32, 96)]
    [InlineData(12, 48)]
    public void Every_count_is_the_same_bits_as_the_one_position_loop(int size, int stride)
    {
        var random = new Random((size * 1000) + stride);
        for (int trial = 0; trial < 40; trial++)
        {
            for (int count = 1; count <= 20; count++)
            {
                float spread = trial % 4 == 0 ? 30f : trial % 4 == 1 ? 3f : trial % 4 == 2 ? 0.3f : 1e-3f;
                float[] query = Fill(random, size, spread);
                if (trial == 39)
                {
                    // Scores of +0 and −0 (a zero query against keys of either sign): the maximum's sign changes nothing.
                    Array.Clear(query);
                }

                float[] keys = Fill(random, ((count - 1) * stride) + size, spread);
                float[] values = Fill(random, ((count - 1) * stride) + size, 1f);
                float scale = 1f / MathF.Sqrt(size);
                float[] probabilities = new float[count];
                float[] output = new float[size];
                float[] expectedProbabilities = new float[count];
                float[] expectedOutput = new float[size];
                CausalAttentionRow.Forward(query, keys, values, stride, count, scale, probabilities, output);
                Reference(query, keys, values, stride, count, scale, expectedProbabilities, expectedOutput);
                Assert.Equal(Bits(expectedProbabilities), Bits(probabilities));
                Assert.Equal(Bits(expectedOutput), Bits(output));
            }
        }
    }

    /// <summary>Every head of a row in one call, against the one-position loop head by head: the same bits.</summary>
    [Theory]
    [InlineData(4, 16, 64)]
    [InlineData(4, 16, 192)]
    [InlineData(2, 8, 24)]
    [InlineData(3, 12, 36)]
    [InlineData(6, 32, 200)]
    public void All_heads_at_once_are_the_same_bits_as_each_head_alone(int heads, int size, int stride)
    {
        var random = new Random((heads * 100) + size + stride);
        int row = heads * size;
        for (int trial = 0; trial < 20; trial++)
        {
            for (int count = 1; count <= 20; count++)
            {
                float spread = trial % 2 == 0 ? 10f : 0.5f;
                float[] query = Fill(random, row, spread);
                float[] keys = Fill(random, ((count - 1) * stride) + row, spread);
                float[] values = Fill(random, ((count - 1) * stride) + row, 1f);
                float scale = 1f / MathF.Sqrt(size);
                float[] probabilities = new float[heads * count];
                float[] output = new float[row];
                CausalAttentionRow.ForwardHeads(query, keys, values, stride, count, heads, scale, probabilities, output);
                for (int h = 0; h < heads; h++)
                {
                    float[] expectedProbabilities = new float[count];
                    float[] expectedOutput = new float[size];
                    Reference(query[(h * size)..((h + 1) * size)], keys[(h * size)..], values[(h * size)..], stride, count, scale, expectedProbabilities, expectedOutput);
                    Assert.Equal(Bits(expectedProbabilities), Bits(probabilities[(h * count)..((h + 1) * count)]));
                    Assert.Equal(Bits(expectedOutput), Bits(output[(h * size)..((h + 1) * size)]));
                }
            }
        }
    }

    private static float[] Fill(Random random, int length, float spread)
    {
        float[] values = new float[length];
        for (int i = 0; i < length; i++)
        {
            // Magnitudes over several binades, so that sums in another order round differently.
            values[i] = (float)((random.NextDouble() - 0.5) * spread * Math.Pow(2, random.Next(-6, 7)));
        }

        return values;
    }

    private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);

    /// <summary>softmax(q · kⱼ · scale) and Σⱼ pⱼ vⱼ, one position at a time, each sum in the kernels' order.</summary>
    private static void Reference(float[] query, float[] keys, float[] values, int stride, int count, float scale, float[] probabilities, float[] output)
    {
        int size = query.Length;
        float max = float.NegativeInfinity;
        for (int j = 0; j < count; j++)
        {
            float score = NeuralMath.Dot(query, keys.AsSpan(j * stride, size)) * scale;
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
        Array.Clear(output);
        for (int j = 0; j < count; j++)
        {
            float p = probabilities[j] * inverse;
            probabilities[j] = p;
            for (int i = 0; i < size; i++)
            {
                output[i] += p * values[(j * stride) + i];
            }
        }
    }
}
