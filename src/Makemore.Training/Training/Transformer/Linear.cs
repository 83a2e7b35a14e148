using System;
using System.Numerics.Tensors;
using Makemore.Transformers;

namespace Makemore.Training.Transformer;

/// <summary>
/// A linear layer y = x · W + b over rows, W stored [in, out] (<see cref="Makemore.Modeling.Neural.NeuralLayout"/>),
/// through the blocked product <see cref="MatrixMultiply"/>.
/// </summary>
internal static class Linear
{
    /// <summary>output[rows, outputs] = input[rows, inputs] · weight + bias (no bias when <paramref name="bias"/> is empty).</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int rows, int inputs, int outputs) =>
        MatrixMultiply.Multiply(input, inputs, 1, weight, outputs, output, outputs, rows, outputs, inputs, bias.IsEmpty ? ProductStart.Zero : ProductStart.Bias, bias);

    /// <summary>
    /// inputGradient = dy · Wᵀ (overwritten), weightGradient += xᵀ · dy, biasGradient += the column sums of dy
    /// (skipped when empty). <paramref name="transposedWeight"/> is Wᵀ [out, in], kept by the caller for the step.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> outputGradient,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> transposedWeight,
        Span<float> inputGradient,
        Span<float> weightGradient,
        Span<float> biasGradient,
        int rows,
        int inputs,
        int outputs)
    {
        MatrixMultiply.Multiply(outputGradient, outputs, 1, transposedWeight, inputs, inputGradient, inputs, rows, inputs, outputs, ProductStart.Zero);

        // xᵀ read through strides: row i of xᵀ is column i of x.
        MatrixMultiply.Multiply(input, 1, inputs, outputGradient, outputs, weightGradient, outputs, inputs, outputs, rows, ProductStart.Accumulate);
        if (!biasGradient.IsEmpty)
        {
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(biasGradient, outputGradient.Slice(r * outputs, outputs), biasGradient);
            }
        }
    }

    /// <summary>Writes Wᵀ [out, in] of W [in, out], in tiles of 8 × 8 that stay in the cache.</summary>
    public static void Transpose(ReadOnlySpan<float> weight, Span<float> transposed, int inputs, int outputs)
    {
        const int Tile = 8;
        for (int i0 = 0; i0 < inputs; i0 += Tile)
        {
            int i1 = Math.Min(inputs, i0 + Tile);
            for (int o0 = 0; o0 < outputs; o0 += Tile)
            {
                int o1 = Math.Min(outputs, o0 + Tile);
                for (int i = i0; i < i1; i++)
                {
                    for (int o = o0; o < o1; o++)
                    {
                        transposed[(o * inputs) + i] = weight[(i * outputs) + o];
                    }
                }
            }
        }
    }
}
