using System;
using System.Collections.Generic;
using System.Numerics;
using Makemore.Modeling.Neural;

namespace Makemore.Training.Transformer;

/// <summary>
/// AdamW (Loshchilov and Hutter), as PyTorch's <c>torch.optim.AdamW</c>: the weight decay is decoupled from the
/// gradient (p ← p · (1 − lr · λ), then the Adam step with bias-corrected moments).
/// </summary>
/// <remarks>
/// Only the weight matrices decay (the attention's, the MLP's and the head's), as in minGPT and nanoGPT:
/// embeddings, biases and the layer norms' gains and shifts do not, since pulling a gain towards 0 or a symbol's
/// embedding towards the origin is no simpler model. The gradient a step uses is the sum of the threads' gradients
/// in thread order, and each element's update depends on that element alone, so the result does not depend on which
/// thread updates which range.
/// </remarks>
internal sealed class AdamW
{
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly (int Start, int End, bool Decays)[] _segments;

    public AdamW(NeuralLayout layout, float beta1, float beta2, float epsilon)
    {
        _m = new float[layout.ParameterCount];
        _v = new float[layout.ParameterCount];
        _segments = Segments(layout);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    /// <summary>
    /// Adds the other threads' gradients into <c>gradients[0]</c> over parameters [<paramref name="start"/>,
    /// <paramref name="end"/>), in thread order, and returns the sum of the squares of the result (for clipping).
    /// </summary>
    public static double SumGradients(float[][] gradients, int start, int end)
    {
        float[] total = gradients[0];
        int width = Vector<float>.Count;
        var squares = Vector<float>.Zero;
        int i = start;
        for (; i + width <= end; i += width)
        {
            var g = new Vector<float>(total, i);
            for (int s = 1; s < gradients.Length; s++)
            {
                g += new Vector<float>(gradients[s], i);
            }

            g.CopyTo(total, i);
            squares += g * g;
        }

        double sum = Vector.Sum(squares);
        for (; i < end; i++)
        {
            float g = total[i];
            for (int s = 1; s < gradients.Length; s++)
            {
                g += gradients[s][i];
            }

            total[i] = g;
            sum += (double)g * g;
        }

        return sum;
    }

    /// <summary>
    /// Updates parameters [<paramref name="start"/>, <paramref name="end"/>) for step <paramref name="step"/> (from 1)
    /// with the gradient <paramref name="gradient"/> · <paramref name="gradientScale"/>.
    /// </summary>
    public void Update(float[] parameters, float[] gradient, int start, int end, int step, float learningRate, float weightDecay, float gradientScale)
    {
        float c1 = 1f / (1f - MathF.Pow(Beta1, step));
        float c2 = 1f / (1f - MathF.Pow(Beta2, step));
        foreach ((int segmentStart, int segmentEnd, bool decays) in _segments)
        {
            int from = Math.Max(start, segmentStart);
            int to = Math.Min(end, segmentEnd);
            if (from < to)
            {
                float shrink = decays ? 1f - (learningRate * weightDecay) : 1f;
                Range(parameters, gradient, from, to, learningRate, shrink, c1, c2, gradientScale);
            }
        }
    }

    /// <summary>average ← decay · average + (1 − decay) · parameters over [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static void Average(float[] average, float[] parameters, int start, int end, float decay)
    {
        var vd = new Vector<float>(decay);
        var vk = new Vector<float>(1 - decay);
        int width = Vector<float>.Count;
        int i = start;
        for (; i + width <= end; i += width)
        {
            ((vd * new Vector<float>(average, i)) + (vk * new Vector<float>(parameters, i))).CopyTo(average, i);
        }

        for (; i < end; i++)
        {
            average[i] = (decay * average[i]) + ((1 - decay) * parameters[i]);
        }
    }

    private void Range(float[] p, float[] gradient, int from, int to, float lr, float shrink, float c1, float c2, float scale)
    {
        float b1 = Beta1;
        float b2 = Beta2;
        int i = from;
        int width = Vector<float>.Count;
        var vb1 = new Vector<float>(b1);
        var vb2 = new Vector<float>(b2);
        var va1 = new Vector<float>(1 - b1);
        var va2 = new Vector<float>(1 - b2);
        var vc1 = new Vector<float>(c1);
        var vc2 = new Vector<float>(c2);
        var veps = new Vector<float>(Epsilon);
        var vlr = new Vector<float>(lr);
        var vshrink = new Vector<float>(shrink);
        var vscale = new Vector<float>(scale);
        for (; i + width <= to; i += width)
        {
            Vector<float> g = new Vector<float>(gradient, i) * vscale;
            Vector<float> m = (vb1 * new Vector<float>(_m, i)) + (va1 * g);
            Vector<float> v = (vb2 * new Vector<float>(_v, i)) + (va2 * g * g);
            m.CopyTo(_m, i);
            v.CopyTo(_v, i);
            Vector<float> value = (new Vector<float>(p, i) * vshrink) - (vlr * (m * vc1) / (Vector.SquareRoot(v * vc2) + veps));
            value.CopyTo(p, i);
        }

        for (; i < to; i++)
        {
            float g = gradient[i] * scale;
            float m = (b1 * _m[i]) + ((1 - b1) * g);
            float v = (b2 * _v[i]) + ((1 - b2) * g * g);
            _m[i] = m;
            _v[i] = v;
            p[i] = (p[i] * shrink) - (lr * (m * c1) / (MathF.Sqrt(v * c2) + Epsilon));
        }
    }

    private static (int Start, int End, bool Decays)[] Segments(NeuralLayout l)
    {
        var segments = new List<(int, int, bool)>();
        int c = l.Embedding;
        void Add(int start, int length, bool decays) => segments.Add((start, start + length, decays));
        Add(0, l.Ln1Weight(0), false); // the embeddings
        for (int layer = 0; layer < l.Layers; layer++)
        {
            Add(l.Ln1Weight(layer), 2 * c, false);
            Add(l.AttentionWeight(layer), 3 * c * c, true);
            Add(l.AttentionBias(layer), 3 * c, false);
            Add(l.ProjectionWeight(layer), c * c, true);
            Add(l.ProjectionBias(layer), c, false);
            Add(l.Ln2Weight(layer), 2 * c, false);
            Add(l.MlpWeight(layer), 4 * c * c, true);
            Add(l.MlpBias(layer), 4 * c, false);
            Add(l.MlpProjectionWeight(layer), 4 * c * c, true);
            Add(l.MlpProjectionBias(layer), c, false);
        }

        Add(l.FinalNormWeight, 2 * c, false);
        Add(l.HeadWeight, c * l.Vocabulary, true);
        return segments.ToArray();
    }
}
