using System;

namespace Makemore.Transformers;

/// <summary>
/// One head's attention for one query position: softmax(q · kⱼ · scale) over the positions j it may see, then the
/// probabilities' mix of the values. Keys and values are read through a stride, so that the trainer's q|k|v rows and
/// the inference's key/value cache go through the same code and give the same bits.
/// </summary>
internal static class CausalAttentionRow
{
    /// <summary>Computes the attention of <paramref name="query"/> over <paramref name="count"/> positions.</summary>
    /// <param name="query">The query, one head's size.</param>
    /// <param name="keys">Position j's key at <c>j · stride</c>.</param>
    /// <param name="values">Position j's value at <c>j · stride</c>.</param>
    /// <param name="stride">Distance between positions in <paramref name="keys"/> and <paramref name="values"/>.</param>
    /// <param name="count">Positions seen: the query's own and those before it.</param>
    /// <param name="scale">1 / √(head size).</param>
    /// <param name="probabilities">The attention weights, <paramref name="count"/> of them.</param>
    /// <param name="output">The mixed value, one head's size.</param>
    public static void Forward(ReadOnlySpan<float> query, ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int stride, int count, float scale, Span<float> probabilities, Span<float> output)
    {
        int size = query.Length;
        float max = float.NegativeInfinity;
        for (int j = 0; j < count; j++)
        {
            float score = NeuralMath.Dot(query, keys.Slice(j * stride, size)) * scale;
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
        Span<float> y = output.Slice(0, size);
        y.Clear();
        for (int j = 0; j < count; j++)
        {
            float p = probabilities[j] * inverse;
            probabilities[j] = p;
            NeuralMath.MultiplyAdd(values.Slice(j * stride, size), p, y);
        }
    }
}
