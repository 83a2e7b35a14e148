using System;
using Makemore.Transformers;

namespace Makemore.Training.Transformer;

/// <summary>
/// Multi-head causal self-attention between the q|k|v projection and the output projection, over packed
/// sequences: each name's tokens attend to their own name's earlier tokens only.
/// </summary>
/// <remarks>
/// The rows of <c>qkv</c> are [q (C) | k (C) | v (C)], head h at offset h · head size within each; the attention
/// weights are kept per token and head in rows of <c>context</c> floats for the backward pass.
/// </remarks>
internal static class CausalSelfAttention
{
    /// <summary>output[t, h·hs…] = Σⱼ softmax(q·kⱼ/√hs) vⱼ over the positions j ≤ t of t's own sequence.</summary>
    public static void Forward(ReadOnlySpan<float> qkv, Span<float> output, Span<float> weights, ReadOnlySpan<int> sequenceStarts, ReadOnlySpan<int> sequenceLengths, int size, int heads, int context)
    {
        int headSize = size / heads;
        float scale = 1f / MathF.Sqrt(headSize);
        int stride = 3 * size;
        for (int s = 0; s < sequenceStarts.Length; s++)
        {
            int start = sequenceStarts[s];
            for (int t = 0; t < sequenceLengths[s]; t++)
            {
                int token = start + t;
                for (int h = 0; h < heads; h++)
                {
                    int offset = h * headSize;
                    CausalAttentionRow.Forward(
                        qkv.Slice((token * stride) + offset, headSize),
                        qkv.Slice((start * stride) + size + offset),
                        qkv.Slice((start * stride) + (2 * size) + offset),
                        stride,
                        t + 1,
                        scale,
                        weights.Slice(((token * heads) + h) * context, t + 1),
                        output.Slice((token * size) + offset, headSize));
                }
            }
        }
    }

    /// <summary>
    /// Writes the gradient of q|k|v (overwriting <paramref name="qkvGradient"/>) from the output's gradient;
    /// <paramref name="scratch"/> holds <paramref name="context"/> floats.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> outputGradient,
        ReadOnlySpan<float> qkv,
        ReadOnlySpan<float> weights,
        Span<float> qkvGradient,
        ReadOnlySpan<int> sequenceStarts,
        ReadOnlySpan<int> sequenceLengths,
        int size,
        int heads,
        int context,
        Span<float> scratch)
    {
        int headSize = size / heads;
        float scale = 1f / MathF.Sqrt(headSize);
        int stride = 3 * size;
        int tokens = sequenceStarts.Length == 0 ? 0 : sequenceStarts[^1] + sequenceLengths[^1];
        qkvGradient.Slice(0, tokens * stride).Clear();
        for (int s = 0; s < sequenceStarts.Length; s++)
        {
            int start = sequenceStarts[s];
            for (int t = 0; t < sequenceLengths[s]; t++)
            {
                int token = start + t;
                for (int h = 0; h < heads; h++)
                {
                    int offset = h * headSize;
                    ReadOnlySpan<float> dy = outputGradient.Slice((token * size) + offset, headSize);
                    ReadOnlySpan<float> p = weights.Slice(((token * heads) + h) * context, t + 1);
                    Span<float> dp = scratch.Slice(0, t + 1);

                    // Through the mix of values: dpⱼ = dy · vⱼ, dvⱼ += pⱼ dy.
                    for (int j = 0; j <= t; j++)
                    {
                        int v = ((start + j) * stride) + (2 * size) + offset;
                        dp[j] = NeuralMath.Dot(dy, qkv.Slice(v, headSize));
                        Span<float> dv = qkvGradient.Slice(v, headSize);
                        NeuralMath.MultiplyAdd(dy, p[j], dv);
                    }

                    // Through the softmax: dsⱼ = pⱼ (dpⱼ − Σ p dp), then the scores' scale.
                    float mean = NeuralMath.Dot(p, dp);
                    ReadOnlySpan<float> q = qkv.Slice((token * stride) + offset, headSize);
                    Span<float> dq = qkvGradient.Slice((token * stride) + offset, headSize);
                    for (int j = 0; j <= t; j++)
                    {
                        float ds = p[j] * (dp[j] - mean) * scale;
                        int k = ((start + j) * stride) + size + offset;
                        NeuralMath.MultiplyAdd(qkv.Slice(k, headSize), ds, dq);
                        Span<float> dk = qkvGradient.Slice(k, headSize);
                        NeuralMath.MultiplyAdd(q, ds, dk);
                    }
                }
            }
        }
    }
}
