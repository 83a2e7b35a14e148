using System;
using Makemore.Modeling.Neural;

namespace Makemore.Training.Transformer;

/// <summary>How the weights start.</summary>
internal enum InitializationScheme
{
    /// <summary>
    /// GPT-2's (as nanoGPT): every matrix and embedding from N(0, 0.02²), the two projections into the residual
    /// stream from N(0, (0.02 / √(2 · layers))²), biases 0, norms' gains 1 and shifts 0.
    /// </summary>
    Gpt2,

    /// <summary>
    /// PyTorch's defaults, which makemore.py keeps: linear weights and biases from U(−1/√fan-in, 1/√fan-in),
    /// embeddings from N(0, 1), norms' gains 1 and shifts 0.
    /// </summary>
    PyTorch,
}

/// <summary>Draws the initial weights from a seeded xoshiro256** stream, tensor by tensor in layout order.</summary>
internal static class Initialization
{
    public static void Initialize(NeuralLayout l, Span<float> p, InitializationScheme scheme, ref Xoshiro256StarStar rng)
    {
        int c = l.Embedding;
        bool gpt2 = scheme == InitializationScheme.Gpt2;
        float residualStd = 0.02f / MathF.Sqrt(2 * l.Layers);
        Normal(p.Slice(NeuralLayout.TokenEmbedding, l.Vocabulary * c), gpt2 ? 0.02f : 1f, ref rng);
        Normal(p.Slice(l.PositionEmbedding, l.Context * c), gpt2 ? 0.02f : 1f, ref rng);
        for (int layer = 0; layer < l.Layers; layer++)
        {
            p.Slice(l.Ln1Weight(layer), c).Fill(1f);
            p.Slice(l.Ln1Bias(layer), c).Clear();
            Linear(p.Slice(l.AttentionWeight(layer), 3 * c * c), p.Slice(l.AttentionBias(layer), 3 * c), c, gpt2 ? 0.02f : 0, ref rng);
            Linear(p.Slice(l.ProjectionWeight(layer), c * c), p.Slice(l.ProjectionBias(layer), c), c, gpt2 ? residualStd : 0, ref rng);
            p.Slice(l.Ln2Weight(layer), c).Fill(1f);
            p.Slice(l.Ln2Bias(layer), c).Clear();
            Linear(p.Slice(l.MlpWeight(layer), 4 * c * c), p.Slice(l.MlpBias(layer), 4 * c), c, gpt2 ? 0.02f : 0, ref rng);
            Linear(p.Slice(l.MlpProjectionWeight(layer), 4 * c * c), p.Slice(l.MlpProjectionBias(layer), c), 4 * c, gpt2 ? residualStd : 0, ref rng);
        }

        p.Slice(l.FinalNormWeight, c).Fill(1f);
        p.Slice(l.FinalNormBias, c).Clear();
        Linear(p.Slice(l.HeadWeight, c * l.Vocabulary), default, c, gpt2 ? 0.02f : 0, ref rng);
    }

    /// <summary>A linear layer's weight and bias: N(0, std²) and zeros, or with std 0 PyTorch's U(±1/√fan-in) for both.</summary>
    private static void Linear(Span<float> weight, Span<float> bias, int fanIn, float std, ref Xoshiro256StarStar rng)
    {
        if (std > 0)
        {
            Normal(weight, std, ref rng);
            bias.Clear();
            return;
        }

        float bound = 1f / MathF.Sqrt(fanIn);
        Uniform(weight, bound, ref rng);
        Uniform(bias, bound, ref rng);
    }

    private static void Uniform(Span<float> values, float bound, ref Xoshiro256StarStar rng)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2 * UnitInterval(ref rng)) - 1) * bound);
        }
    }

    /// <summary>Box–Muller: two normal values from two uniforms.</summary>
    private static void Normal(Span<float> values, float std, ref Xoshiro256StarStar rng)
    {
        for (int i = 0; i < values.Length; i += 2)
        {
            double radius = Math.Sqrt(-2 * Math.Log(1 - UnitInterval(ref rng)));
            double angle = 2 * Math.PI * UnitInterval(ref rng);
            values[i] = (float)(radius * Math.Cos(angle) * std);
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(radius * Math.Sin(angle) * std);
            }
        }
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits of a draw.</summary>
    internal static double UnitInterval(ref Xoshiro256StarStar rng) => (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
