using System;
using System.Numerics.Tensors;

namespace Makemore.Training.Transformer;

/// <summary>The loss: cross-entropy of the softmax of each row of logits against its target, and its gradient.</summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Returns the sum of −log softmax(row)[target] over the rows with a target, and overwrites each row with the
    /// loss's gradient scaled by <paramref name="gradientScale"/> (1 / the batch's targets): (softmax − onehot) · scale,
    /// or zeros for a row without a target (a negative target).
    /// </summary>
    public static double ForwardBackward(Span<float> logits, ReadOnlySpan<int> targets, int rows, int vocabulary, float gradientScale)
    {
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = logits.Slice(r * vocabulary, vocabulary);
            int target = targets[r];
            if (target < 0)
            {
                row.Clear();
                continue;
            }

            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, row);
            float shifted = row[target];
            TensorPrimitives.Exp(row, row);
            float sum = TensorPrimitives.Sum(row);
            loss += Math.Log(sum) - shifted;
            TensorPrimitives.Multiply(row, gradientScale / sum, row);
            row[target] -= gradientScale;
        }

        return loss;
    }
}
