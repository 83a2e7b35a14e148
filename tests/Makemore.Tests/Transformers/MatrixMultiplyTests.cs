using System;
using Makemore.Transformers;
using Makemore.Tests.Training.Transformer;
using Xunit;

namespace Makemore.Tests.Transformers;

/// <summary>The blocked product against the plain sum it promises, element by element, bit for bit.</summary>
public sealed class MatrixMultiplyTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 3)]
    [InlineData(13, 64, 27)]
    [InlineData(6, 17, 16)]
    [InlineData(11, 300, 40)]
    [InlineData(25, 64, 192)]
    public void Every_element_is_its_start_then_one_multiply_add_per_k_in_order(int rows, int depth, int columns)
    {
        var random = new Random((rows * 1000) + columns);
        float[] a = NumericGradient.RandomFloats(random, rows * depth);
        float[] b = NumericGradient.RandomFloats(random, depth * columns);
        float[] bias = NumericGradient.RandomFloats(random, columns);
        float[] initial = NumericGradient.RandomFloats(random, rows * columns);
        foreach (ProductStart start in Enum.GetValues<ProductStart>())
        {
            foreach (bool transposedA in new[] { false, true })
            {
                // A itself, or A stored transposed and read through the strides.
                float[] stored = transposedA ? Transpose(a, rows, depth) : a;
                float[] c = (float[])initial.Clone();
                MatrixMultiply.Multiply(stored, transposedA ? 1 : depth, transposedA ? rows : 1, b, columns, c, columns, rows, columns, depth, start, bias);
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < columns; j++)
                    {
                        float sum = start switch
                        {
                            ProductStart.Zero => 0,
                            ProductStart.Bias => bias[j],
                            _ => initial[(i * columns) + j],
                        };
                        for (int p = 0; p < depth; p++)
                        {
                            sum = VectorWidth.MultiplyAdd(a[(i * depth) + p], b[(p * columns) + j], sum);
                        }

                        Assert.Equal(sum, c[(i * columns) + j]);
                    }
                }
            }
        }
    }

    [Fact]
    public void A_matrix_smaller_than_the_sizes_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MatrixMultiply.Multiply(new float[5], 3, 1, new float[6], 2, new float[4], 2, 2, 2, 3, ProductStart.Zero));
    }

    private static float[] Transpose(float[] m, int rows, int columns)
    {
        var t = new float[m.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                t[(j * rows) + i] = m[(i * columns) + j];
            }
        }

        return t;
    }
}
