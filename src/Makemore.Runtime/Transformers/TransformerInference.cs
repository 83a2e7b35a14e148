using System;
using System.Runtime.InteropServices;
using Makemore.Modeling.Neural;

namespace Makemore.Transformers;

/// <summary>
/// The transformer's incremental forward pass: each position's token goes through the blocks once, its keys and
/// values kept in the caller's workspace, so that the next position attends to them without recomputing them. The
/// same kernels as the trainer's forward pass (the blocked product, <see cref="LayerNormRow"/>,
/// <see cref="CausalAttentionRow"/>, <see cref="Gelu"/>, <see cref="SymbolSoftmax"/>), each sum in the same order:
/// the scores are the trainer's own. A single row multiplies through the model's <see cref="TransformerHalfPanels"/>
/// when it keeps them: the same sums, half the bytes to read.
/// </summary>
/// <remarks>
/// A name has at most <c>context − 1</c> characters: after that many the end is certain (probability 1, no draw),
/// which is how the trainer counts such a name too.
/// </remarks>
internal static class TransformerInference
{
    /// <summary>
    /// Advances the first <paramref name="active"/> of <paramref name="slots"/> slots by one position each: slot r
    /// takes token <c>tokens[r]</c> at position <c>positions[r]</c> (attending to its own earlier positions), and its
    /// logits for the next symbol are left in row r of the workspace's logits. With <paramref name="rowSlots"/>, row r
    /// is slot <c>rowSlots[r]</c>'s instead (its caches), so that a batch computes only the slots that need a pass.
    /// </summary>
    public static void Step(in TransformerWeights w, Span<float> workspace, int slots, int active, ReadOnlySpan<int> tokens, ReadOnlySpan<int> positions, ReadOnlySpan<int> rowSlots = default)
    {
        NeuralLayout l = w.Layout;
        ReadOnlySpan<float> p = w.Parameters;
        int c = l.Embedding;
        int headSize = l.HeadSize;
        float scale = 1f / MathF.Sqrt(headSize);
        float epsilon = w.LayerNormEpsilon;
        var shared = new TransformerWorkspace.Parts(workspace, l, slots, 0);
        Span<float> x = shared.X.Slice(0, active * c);
        Span<float> normalised = shared.Normalised.Slice(0, active * c);
        Span<float> qkv = shared.Qkv.Slice(0, active * 3 * c);
        Span<float> attended = shared.Attended.Slice(0, active * c);
        Span<float> branch = shared.Branch.Slice(0, active * c);
        Span<float> hidden = shared.Hidden.Slice(0, active * 4 * c);
        for (int r = 0; r < active; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(p.Slice(NeuralLayout.TokenEmbedding + (tokens[r] * c), c), p.Slice(l.PositionEmbedding + (positions[r] * c), c), x.Slice(r * c, c));
        }

        for (int layer = 0; layer < l.Layers; layer++)
        {
            Normalise(x, p.Slice(l.Ln1Weight(layer), c), p.Slice(l.Ln1Bias(layer), c), normalised, active, c, epsilon);
            Product(w, normalised, l.AttentionWeight(layer), TransformerHalfPanels.Attention(l, layer), qkv, active, 3 * c, c, l.AttentionBias(layer), shared.Scaled);
            for (int r = 0; r < active; r++)
            {
                Span<float> keys = TransformerWorkspace.Cache(workspace, l, rowSlots.IsEmpty ? r : rowSlots[r], layer, out Span<float> values);
                int position = positions[r];
                ReadOnlySpan<float> row = qkv.Slice(r * 3 * c, 3 * c);
                NeuralMath.Copy(row.Slice(c, c), keys.Slice(position * c, c));
                NeuralMath.Copy(row.Slice(2 * c, c), values.Slice(position * c, c));
                CausalAttentionRow.ForwardHeads(row.Slice(0, c), keys, values, c, position + 1, l.Heads, scale, shared.Probabilities, attended.Slice(r * c, c));
            }

            Product(w, attended, l.ProjectionWeight(layer), TransformerHalfPanels.Projection(l, layer), branch, active, c, c, l.ProjectionBias(layer), shared.Scaled);
            System.Numerics.Tensors.TensorPrimitives.Add(x, branch, x);
            Normalise(x, p.Slice(l.Ln2Weight(layer), c), p.Slice(l.Ln2Bias(layer), c), normalised, active, c, epsilon);
            Product(w, normalised, l.MlpWeight(layer), TransformerHalfPanels.Mlp(l, layer), hidden, active, 4 * c, c, l.MlpBias(layer), shared.Scaled);
            Gelu.Forward(hidden, hidden);
            Product(w, hidden, l.MlpProjectionWeight(layer), TransformerHalfPanels.MlpProjection(l, layer), branch, active, c, 4 * c, l.MlpProjectionBias(layer), shared.Scaled);
            System.Numerics.Tensors.TensorPrimitives.Add(x, branch, x);
        }

        Normalise(x, p.Slice(l.FinalNormWeight, c), p.Slice(l.FinalNormBias, c), normalised, active, c, epsilon);
        Product(w, normalised, l.HeadWeight, TransformerHalfPanels.Head(l), shared.Logits, active, l.Vocabulary, c, -1, shared.Scaled);
    }

    /// <summary>
    /// C[rows, columns] = bias + A[rows, depth] · B, B the parameters' matrix at <paramref name="weight"/> (no bias
    /// for a negative <paramref name="bias"/>): one row through the model's half panels when it keeps them, otherwise
    /// (or when the row is too large for them) the float32 product. Both compute the same bits.
    /// </summary>
    private static void Product(in TransformerWeights w, ReadOnlySpan<float> a, int weight, int panels, Span<float> c, int rows, int columns, int depth, int bias, Span<float> scaled)
    {
        ReadOnlySpan<float> p = w.Parameters;
        ProductStart start = bias < 0 ? ProductStart.Zero : ProductStart.Bias;
        ReadOnlySpan<float> biases = bias < 0 ? default : p.Slice(bias, columns);
        if (rows == 1 && !w.HalfPanels.IsEmpty
            && HalfPanelProduct.TryMultiply(a, w.HalfPanels.Slice(panels), depth, columns, c, start, biases, scaled))
        {
            return;
        }

        MatrixMultiply.Multiply(a, depth, 1, p.Slice(weight, depth * columns), columns, c, columns, rows, columns, depth, start, biases);
    }

    /// <summary>
    /// Advances a one-slot workspace by <paramref name="token"/> at <paramref name="position"/>: restored from the
    /// passes the model keeps (<see cref="TransformerPrefixes"/>) when it holds it, otherwise computed by
    /// <see cref="Step"/> (and kept, if the model keeps it and lacks it).
    /// </summary>
    /// <param name="w">The model.</param>
    /// <param name="workspace">The one-slot workspace.</param>
    /// <param name="token">The position's token.</param>
    /// <param name="position">The position.</param>
    /// <param name="scratch">Two ints.</param>
    public static void StepOne(in TransformerWeights w, Span<float> workspace, int token, int position, Span<int> scratch)
    {
        if (TransformerPrefixes.TryRestore(w, workspace, 1, 0, 0, token, position))
        {
            return;
        }

        scratch[0] = token;
        scratch[1] = position;
        Step(w, workspace, 1, 1, scratch.Slice(0, 1), scratch.Slice(1, 1));
        TransformerPrefixes.Keep(w, workspace, 1, 0, 0, token, position);
    }

    /// <summary>The logits slot <paramref name="slot"/>'s last step left.</summary>
    public static ReadOnlySpan<float> Logits(in TransformerWeights w, Span<float> workspace, int slots, int slot) =>
        new TransformerWorkspace.Parts(workspace, w.Layout, slots, 0).Logits.Slice(slot * w.Layout.Vocabulary, w.Layout.Vocabulary);

    /// <summary>
    /// The negative log-likelihood of a name, its end included: −Σ ln P over its length + 1 symbols (the certain end
    /// of a name of context − 1 characters counts 0); +∞ for a name longer than that.
    /// </summary>
    /// <exception cref="ArgumentException">A character is not in the model's alphabet; the message names it and its index.</exception>
    public static double NegativeLogLikelihood(in TransformerWeights w, ReadOnlySpan<char> name, Span<float> workspace)
    {
        for (int i = 0; i < name.Length; i++)
        {
            SymbolOf(w, name[i], i, nameof(name));
        }

        if (name.Length > w.LongestName)
        {
            return double.PositiveInfinity;
        }

        Span<int> one = stackalloc int[2];
        double total = 0;
        int token = 0;
        for (int position = 0; position <= name.Length && position < w.LongestName; position++)
        {
            StepOne(w, workspace, token, position, one);
            int target = position < name.Length ? w.IndexOf(name[position]) : 0;
            total += SymbolSoftmax.NegativeLogProbability(Logits(w, workspace, 1, 0), target);
            token = target;
        }

        return total;
    }

    /// <summary>
    /// P(next | prefix) for every symbol into <paramref name="probabilities"/> (index 0 the end), at temperature
    /// <paramref name="temperature"/>: softmax(logits / T) in double. A prefix of context − 1 characters or more ends.
    /// </summary>
    public static void NextProbabilities(in TransformerWeights w, ReadOnlySpan<int> prefix, double temperature, Span<double> probabilities, Span<float> workspace)
    {
        if (prefix.Length >= w.LongestName)
        {
            probabilities.Slice(0, w.Layout.Vocabulary).Clear();
            probabilities[0] = 1;
            return;
        }

        Span<int> one = stackalloc int[2];
        for (int position = 0; position <= prefix.Length; position++)
        {
            StepOne(w, workspace, position == 0 ? 0 : prefix[position - 1], position, one);
        }

        SymbolSoftmax.Probabilities(Logits(w, workspace, 1, 0), temperature, probabilities);
    }

    /// <summary>P(next | prefix), <paramref name="next"/> being <see cref="TransformerWeights.Boundary"/> for the end.</summary>
    /// <exception cref="ArgumentException">A character is not in the model's alphabet.</exception>
    public static double Probability(in TransformerWeights w, ReadOnlySpan<char> prefix, char next, Span<float> workspace)
    {
        int nextSymbol = next == w.Boundary ? 0 : SymbolOf(w, next, prefix.Length, nameof(next));
        if (prefix.Length >= w.LongestName)
        {
            foreach (char ch in prefix)
            {
                SymbolOf(w, ch, 0, nameof(prefix));
            }

            return nextSymbol == 0 ? 1 : 0;
        }

        Span<int> symbols = stackalloc int[prefix.Length];
        for (int i = 0; i < prefix.Length; i++)
        {
            symbols[i] = SymbolOf(w, prefix[i], i, nameof(prefix));
        }

        var parts = new TransformerWorkspace.Parts(workspace, w.Layout, 1, 0);
        Span<double> probabilities = MemoryMarshal.Cast<float, double>(parts.Doubles);
        NextProbabilities(w, symbols, 1, probabilities, workspace);
        return probabilities[nextSymbol];
    }

    /// <summary>
    /// Draws one name into <paramref name="destination"/> and returns its length: each symbol from
    /// softmax(logits / <paramref name="temperature"/>) with one uniform from <paramref name="random"/>
    /// (<see cref="SymbolSoftmax.Draw"/>). A name longer than the destination is drawn again.
    /// </summary>
    public static int Sample<TRandom>(in TransformerWeights w, ref TRandom random, Span<char> destination, double temperature, Span<float> workspace)
        where TRandom : struct, IRandomSource
    {
        var parts = new TransformerWorkspace.Parts(workspace, w.Layout, 1, 0);
        Span<double> scratch = MemoryMarshal.Cast<float, double>(parts.Doubles);
        Span<int> one = stackalloc int[2];
        long symbols = 0;
        while (true)
        {
            int length = 0;
            int token = 0;
            bool fits = true;
            while (length < w.LongestName)
            {
                StepOne(w, workspace, token, length, one);
                double u = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
                token = SymbolSoftmax.Draw(Logits(w, workspace, 1, 0), temperature, u, scratch);
                symbols++;
                if (token == 0)
                {
                    break;
                }

                if (length == destination.Length)
                {
                    fits = false;
                    break;
                }

                destination[length++] = w.Symbol(token);
            }

            if (fits)
            {
                return length;
            }

            if (symbols > Sampling.SpanSampling.MaxSymbols)
            {
                Sampling.SpanSampling.ThrowNoNameFits(destination.Length, symbols);
            }
        }
    }

    /// <summary>The symbol of a name's character, throwing for one the alphabet lacks.</summary>
    internal static int SymbolOf(in TransformerWeights w, char c, int index, string parameterName)
    {
        int symbol = w.IndexOf(c);
        if (symbol < 0)
        {
            throw new ArgumentException(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The character '{c}' (U+{(int)c:X4}) at index {index} is not a symbol of the model."),
                parameterName);
        }

        return symbol;
    }

    private static void Normalise(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int rows, int c, float epsilon)
    {
        for (int r = 0; r < rows; r++)
        {
            LayerNormRow.Forward(x.Slice(r * c, c), weight, bias, output.Slice(r * c, c), epsilon, out _, out _);
        }
    }
}
