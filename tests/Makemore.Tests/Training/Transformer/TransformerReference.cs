using System;
using Makemore.Modeling.Neural;

namespace Makemore.Tests.Training.Transformer;

/// <summary>
/// makemore.py's transformer written plainly in double precision, layer by layer, from its definition (PyTorch's
/// LayerNorm, NewGELU, causal attention with 1/√hs scores, cross-entropy): the reference the trainer's float
/// kernels and their gradients are checked against.
/// </summary>
internal static class TransformerReference
{
    public const double Epsilon = 1e-5;

    public static double[] LayerNorm(double[] x, int rows, int size, double[] weight, double[] bias)
    {
        var y = new double[rows * size];
        for (int r = 0; r < rows; r++)
        {
            double mean = 0;
            for (int i = 0; i < size; i++)
            {
                mean += x[(r * size) + i];
            }

            mean /= size;
            double variance = 0;
            for (int i = 0; i < size; i++)
            {
                double d = x[(r * size) + i] - mean;
                variance += d * d;
            }

            variance /= size;
            double scale = 1 / Math.Sqrt(variance + Epsilon);
            for (int i = 0; i < size; i++)
            {
                y[(r * size) + i] = ((x[(r * size) + i] - mean) * scale * weight[i]) + bias[i];
            }
        }

        return y;
    }

    /// <summary>y = x · W + b with W stored [in, out].</summary>
    public static double[] Linear(double[] x, int rows, int inputs, double[] weight, double[]? bias, int outputs)
    {
        var y = new double[rows * outputs];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = bias?[o] ?? 0;
                for (int i = 0; i < inputs; i++)
                {
                    sum += x[(r * inputs) + i] * weight[(i * outputs) + o];
                }

                y[(r * outputs) + o] = sum;
            }
        }

        return y;
    }

    /// <summary>makemore.py's NewGELU: 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public static double[] Gelu(double[] x)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + (0.044715 * v * v * v))));
        }

        return y;
    }

    /// <summary>Causal multi-head attention over packed sequences; rows of qkv are [q | k | v].</summary>
    public static double[] Attention(double[] qkv, int[] starts, int[] lengths, int size, int heads)
    {
        int headSize = size / heads;
        int tokens = starts[^1] + lengths[^1];
        var y = new double[tokens * size];
        for (int s = 0; s < starts.Length; s++)
        {
            for (int t = 0; t < lengths[s]; t++)
            {
                int row = starts[s] + t;
                for (int h = 0; h < heads; h++)
                {
                    var scores = new double[t + 1];
                    double max = double.NegativeInfinity;
                    for (int j = 0; j <= t; j++)
                    {
                        double dot = 0;
                        for (int d = 0; d < headSize; d++)
                        {
                            dot += qkv[(row * 3 * size) + (h * headSize) + d] * qkv[((starts[s] + j) * 3 * size) + size + (h * headSize) + d];
                        }

                        scores[j] = dot / Math.Sqrt(headSize);
                        max = Math.Max(max, scores[j]);
                    }

                    double sum = 0;
                    for (int j = 0; j <= t; j++)
                    {
                        scores[j] = Math.Exp(scores[j] - max);
                        sum += scores[j];
                    }

                    for (int j = 0; j <= t; j++)
                    {
                        for (int d = 0; d < headSize; d++)
                        {
                            y[(row * size) + (h * headSize) + d] += scores[j] / sum * qkv[((starts[s] + j) * 3 * size) + (2 * size) + (h * headSize) + d];
                        }
                    }
                }
            }
        }

        return y;
    }

    /// <summary>−log softmax(row)[target], summed over the rows with a target (≥ 0).</summary>
    public static double CrossEntropySum(double[] logits, int[] targets, int vocabulary)
    {
        double total = 0;
        for (int r = 0; r < targets.Length; r++)
        {
            if (targets[r] < 0)
            {
                continue;
            }

            double max = double.NegativeInfinity;
            for (int v = 0; v < vocabulary; v++)
            {
                max = Math.Max(max, logits[(r * vocabulary) + v]);
            }

            double sum = 0;
            for (int v = 0; v < vocabulary; v++)
            {
                sum += Math.Exp(logits[(r * vocabulary) + v] - max);
            }

            total += Math.Log(sum) + max - logits[(r * vocabulary) + targets[r]];
        }

        return total;
    }

    /// <summary>
    /// The mean loss per token of names (symbol indices, boundary 0 implied around each) under parameters laid out as
    /// <paramref name="layout"/> says: makemore.py's forward pass, each name its own sequence, a name of context − 1
    /// characters without its certain end.
    /// </summary>
    public static double Loss(NeuralLayout layout, double[] p, int[][] names)
    {
        int c = layout.Embedding;
        int count = 0;
        foreach (int[] name in names)
        {
            count += Math.Min(name.Length + 1, layout.Context - 1);
        }

        var tokens = new int[count];
        var positions = new int[count];
        var targets = new int[count];
        var starts = new int[names.Length];
        var lengths = new int[names.Length];
        int t = 0;
        for (int s = 0; s < names.Length; s++)
        {
            starts[s] = t;
            lengths[s] = Math.Min(names[s].Length + 1, layout.Context - 1);
            for (int q = 0; q < lengths[s]; q++)
            {
                tokens[t] = q == 0 ? 0 : names[s][q - 1];
                positions[t] = q;
                targets[t] = q < names[s].Length ? names[s][q] : 0;
                t++;
            }
        }

        double[] x = new double[count * c];
        for (int r = 0; r < count; r++)
        {
            for (int i = 0; i < c; i++)
            {
                x[(r * c) + i] = p[NeuralLayout.TokenEmbedding + (tokens[r] * c) + i] + p[layout.PositionEmbedding + (positions[r] * c) + i];
            }
        }

        for (int l = 0; l < layout.Layers; l++)
        {
            double[] ln1 = LayerNorm(x, count, c, Slice(p, layout.Ln1Weight(l), c), Slice(p, layout.Ln1Bias(l), c));
            double[] qkv = Linear(ln1, count, c, Slice(p, layout.AttentionWeight(l), 3 * c * c), Slice(p, layout.AttentionBias(l), 3 * c), 3 * c);
            double[] attended = Attention(qkv, starts, lengths, c, layout.Heads);
            double[] projected = Linear(attended, count, c, Slice(p, layout.ProjectionWeight(l), c * c), Slice(p, layout.ProjectionBias(l), c), c);
            Add(x, projected);
            double[] ln2 = LayerNorm(x, count, c, Slice(p, layout.Ln2Weight(l), c), Slice(p, layout.Ln2Bias(l), c));
            double[] hidden = Gelu(Linear(ln2, count, c, Slice(p, layout.MlpWeight(l), 4 * c * c), Slice(p, layout.MlpBias(l), 4 * c), 4 * c));
            Add(x, Linear(hidden, count, 4 * c, Slice(p, layout.MlpProjectionWeight(l), 4 * c * c), Slice(p, layout.MlpProjectionBias(l), c), c));
        }

        double[] final = LayerNorm(x, count, c, Slice(p, layout.FinalNormWeight, c), Slice(p, layout.FinalNormBias, c));
        double[] logits = Linear(final, count, c, Slice(p, layout.HeadWeight, c * layout.Vocabulary), null, layout.Vocabulary);
        return CrossEntropySum(logits, targets, layout.Vocabulary) / count;
    }

    public static double[] Slice(double[] p, int offset, int length) => p.AsSpan(offset, length).ToArray();

    private static void Add(double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += y[i];
        }
    }
}
