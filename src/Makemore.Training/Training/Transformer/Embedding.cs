using System;
using System.Numerics.Tensors;

namespace Makemore.Training.Transformer;

/// <summary>The input layer: each token's embedding plus its position's.</summary>
internal static class Embedding
{
    /// <summary>output[t] = tokenTable[tokens[t]] + positionTable[positions[t]].</summary>
    public static void Forward(ReadOnlySpan<int> tokens, ReadOnlySpan<int> positions, ReadOnlySpan<float> tokenTable, ReadOnlySpan<float> positionTable, Span<float> output, int size)
    {
        for (int t = 0; t < tokens.Length; t++)
        {
            TensorPrimitives.Add(tokenTable.Slice(tokens[t] * size, size), positionTable.Slice(positions[t] * size, size), output.Slice(t * size, size));
        }
    }

    /// <summary>Adds each token's gradient to its token's and its position's rows, in token order.</summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> tokens, ReadOnlySpan<int> positions, Span<float> tokenTableGradient, Span<float> positionTableGradient, int size)
    {
        for (int t = 0; t < tokens.Length; t++)
        {
            ReadOnlySpan<float> g = outputGradient.Slice(t * size, size);
            Span<float> tokenRow = tokenTableGradient.Slice(tokens[t] * size, size);
            Span<float> positionRow = positionTableGradient.Slice(positions[t] * size, size);
            TensorPrimitives.Add(tokenRow, g, tokenRow);
            TensorPrimitives.Add(positionRow, g, positionRow);
        }
    }
}
