using System;
using System.Numerics.Tensors;
using Makemore.Modeling.Neural;

namespace Makemore.Training.Transformer;

/// <summary>
/// The model's forward and backward passes over one thread's packed names, layer by layer as llm.c writes them:
/// each layer's forward keeps what its backward needs in <see cref="Activations"/>, and the backward walks the layers
/// in reverse with one running gradient of the residual stream.
/// </summary>
internal static class TransformerPass
{
    /// <summary>Computes the logits of every packed token.</summary>
    /// <param name="a">The activations, with the names packed.</param>
    /// <param name="p">The parameters, in <see cref="NeuralLayout"/> order.</param>
    /// <param name="epsilon">The layer norms' epsilon.</param>
    /// <param name="dropout">The dropout probability (0: none, as in evaluation).</param>
    /// <param name="rng">Draws the dropout masks.</param>
    public static void Forward(Activations a, ReadOnlySpan<float> p, float epsilon, float dropout, ref Xoshiro256StarStar rng)
    {
        NeuralLayout l = a.Layout;
        PackedNames names = a.Names;
        int n = names.TokenCount;
        int c = l.Embedding;
        Span<float> branch = a.Branch.AsSpan(0, n * c);
        Embedding.Forward(names.Tokens.AsSpan(0, n), names.Positions.AsSpan(0, n), p.Slice(NeuralLayout.TokenEmbedding, l.Vocabulary * c), p.Slice(l.PositionEmbedding, l.Context * c), a.Encoded, c);
        if (dropout > 0)
        {
            Dropout.Forward(a.Encoded.AsSpan(0, n * c), Mask(a, 0, n * c), dropout, ref rng);
        }

        for (int layer = 0; layer < l.Layers; layer++)
        {
            ReadOnlySpan<float> input = layer == 0 ? a.Encoded.AsSpan(0, n * c) : a.Layer(a.AfterMlp, layer - 1, c);
            Span<float> ln1 = a.Layer(a.Ln1, layer, c);
            Span<float> qkv = a.Layer(a.Qkv, layer, 3 * c);
            Span<float> attended = a.Layer(a.Attended, layer, c);
            Span<float> afterAttention = a.Layer(a.AfterAttention, layer, c);
            Span<float> ln2 = a.Layer(a.Ln2, layer, c);
            Span<float> hidden = a.Layer(a.Hidden, layer, 4 * c);
            Span<float> activated = a.Layer(a.Activated, layer, 4 * c);

            LayerNorm.Forward(input, p.Slice(l.Ln1Weight(layer), c), p.Slice(l.Ln1Bias(layer), c), ln1, a.LayerRows(a.Ln1Mean, layer), a.LayerRows(a.Ln1Deviation, layer), n, c, epsilon);
            Linear.Forward(ln1, p.Slice(l.AttentionWeight(layer), 3 * c * c), p.Slice(l.AttentionBias(layer), 3 * c), qkv, n, c, 3 * c);
            CausalSelfAttention.Forward(qkv, attended, a.Layer(a.AttentionWeights, layer, l.Heads * l.Context), names.SequenceStarts, names.SequenceLengths, c, l.Heads, l.Context);
            Linear.Forward(attended, p.Slice(l.ProjectionWeight(layer), c * c), p.Slice(l.ProjectionBias(layer), c), branch, n, c, c);
            if (dropout > 0)
            {
                Dropout.Forward(branch, Mask(a, 1 + (2 * layer), n * c), dropout, ref rng);
            }

            TensorPrimitives.Add(input, branch, afterAttention);

            LayerNorm.Forward(afterAttention, p.Slice(l.Ln2Weight(layer), c), p.Slice(l.Ln2Bias(layer), c), ln2, a.LayerRows(a.Ln2Mean, layer), a.LayerRows(a.Ln2Deviation, layer), n, c, epsilon);
            Linear.Forward(ln2, p.Slice(l.MlpWeight(layer), 4 * c * c), p.Slice(l.MlpBias(layer), 4 * c), hidden, n, c, 4 * c);
            GeluLayer.Forward(hidden, activated);
            Linear.Forward(activated, p.Slice(l.MlpProjectionWeight(layer), 4 * c * c), p.Slice(l.MlpProjectionBias(layer), c), branch, n, 4 * c, c);
            if (dropout > 0)
            {
                Dropout.Forward(branch, Mask(a, 2 + (2 * layer), n * c), dropout, ref rng);
            }

            TensorPrimitives.Add(afterAttention, branch, a.Layer(a.AfterMlp, layer, c));
        }

        LayerNorm.Forward(a.Layer(a.AfterMlp, l.Layers - 1, c), p.Slice(l.FinalNormWeight, c), p.Slice(l.FinalNormBias, c), a.Final, a.FinalMean, a.FinalDeviation, n, c, epsilon);
        Linear.Forward(a.Final.AsSpan(0, n * c), p.Slice(l.HeadWeight, c * l.Vocabulary), default, a.Logits, n, c, l.Vocabulary);
    }

    /// <summary>
    /// Adds the gradient of the loss to <paramref name="g"/> (laid out as the parameters), from the logits' gradient
    /// that the loss left in <see cref="Activations.Logits"/>.
    /// </summary>
    /// <param name="a">The activations of the forward pass.</param>
    /// <param name="p">The parameters.</param>
    /// <param name="transposed">Each weight matrix transposed, at its own offset (<see cref="TransposeWeights"/>).</param>
    /// <param name="g">The gradient, added to.</param>
    /// <param name="dropout">The forward pass's dropout probability.</param>
    public static void Backward(Activations a, ReadOnlySpan<float> p, ReadOnlySpan<float> transposed, Span<float> g, float dropout)
    {
        NeuralLayout l = a.Layout;
        PackedNames names = a.Names;
        int n = names.TokenCount;
        int c = l.Embedding;
        Span<float> residual = a.ResidualGradient.AsSpan(0, n * c);
        Span<float> branch = a.BranchGradient.AsSpan(0, n * c);
        Span<float> attended = a.AttendedGradient.AsSpan(0, n * c);
        Span<float> qkv = a.QkvGradient.AsSpan(0, n * 3 * c);
        Span<float> hidden = a.HiddenGradient.AsSpan(0, n * 4 * c);
        residual.Clear();

        Linear.Backward(a.Logits.AsSpan(0, n * l.Vocabulary), a.Final.AsSpan(0, n * c), transposed.Slice(l.HeadWeight, c * l.Vocabulary), branch, g.Slice(l.HeadWeight, c * l.Vocabulary), default, n, c, l.Vocabulary);
        LayerNorm.Backward(branch, a.Layer(a.AfterMlp, l.Layers - 1, c), p.Slice(l.FinalNormWeight, c), a.FinalMean, a.FinalDeviation, residual, g.Slice(l.FinalNormWeight, c), g.Slice(l.FinalNormBias, c), n, c);

        for (int layer = l.Layers - 1; layer >= 0; layer--)
        {
            ReadOnlySpan<float> input = layer == 0 ? a.Encoded.AsSpan(0, n * c) : a.Layer(a.AfterMlp, layer - 1, c);

            // The MLP branch: afterMlp = afterAttention + dropout(gelu(ln2 · W + b) · W' + b').
            ReadOnlySpan<float> mlpGradient = BranchGradient(residual, branch, a, 2 + (2 * layer), dropout);
            Linear.Backward(mlpGradient, a.Layer(a.Activated, layer, 4 * c), transposed.Slice(l.MlpProjectionWeight(layer), 4 * c * c), hidden, g.Slice(l.MlpProjectionWeight(layer), 4 * c * c), g.Slice(l.MlpProjectionBias(layer), c), n, 4 * c, c);
            GeluLayer.Backward(hidden, a.Layer(a.Hidden, layer, 4 * c), hidden);
            Linear.Backward(hidden, a.Layer(a.Ln2, layer, c), transposed.Slice(l.MlpWeight(layer), 4 * c * c), branch, g.Slice(l.MlpWeight(layer), 4 * c * c), g.Slice(l.MlpBias(layer), 4 * c), n, c, 4 * c);
            LayerNorm.Backward(branch, a.Layer(a.AfterAttention, layer, c), p.Slice(l.Ln2Weight(layer), c), a.LayerRows(a.Ln2Mean, layer), a.LayerRows(a.Ln2Deviation, layer), residual, g.Slice(l.Ln2Weight(layer), c), g.Slice(l.Ln2Bias(layer), c), n, c);

            // The attention branch: afterAttention = input + dropout(attention(ln1 · W + b) · W' + b').
            ReadOnlySpan<float> attentionGradient = BranchGradient(residual, branch, a, 1 + (2 * layer), dropout);
            Linear.Backward(attentionGradient, a.Layer(a.Attended, layer, c), transposed.Slice(l.ProjectionWeight(layer), c * c), attended, g.Slice(l.ProjectionWeight(layer), c * c), g.Slice(l.ProjectionBias(layer), c), n, c, c);
            CausalSelfAttention.Backward(attended, a.Layer(a.Qkv, layer, 3 * c), a.Layer(a.AttentionWeights, layer, l.Heads * l.Context), qkv, names.SequenceStarts, names.SequenceLengths, c, l.Heads, l.Context, a.Scratch);
            Linear.Backward(qkv, a.Layer(a.Ln1, layer, c), transposed.Slice(l.AttentionWeight(layer), 3 * c * c), branch, g.Slice(l.AttentionWeight(layer), 3 * c * c), g.Slice(l.AttentionBias(layer), 3 * c), n, c, 3 * c);
            LayerNorm.Backward(branch, input, p.Slice(l.Ln1Weight(layer), c), a.LayerRows(a.Ln1Mean, layer), a.LayerRows(a.Ln1Deviation, layer), residual, g.Slice(l.Ln1Weight(layer), c), g.Slice(l.Ln1Bias(layer), c), n, c);
        }

        if (dropout > 0)
        {
            Dropout.Backward(residual, Mask(a, 0, n * c));
        }

        Embedding.Backward(residual, names.Tokens.AsSpan(0, n), names.Positions.AsSpan(0, n), g.Slice(NeuralLayout.TokenEmbedding, l.Vocabulary * c), g.Slice(l.PositionEmbedding, l.Context * c), c);
    }

    /// <summary>
    /// Writes each weight matrix's transpose at the matrix's own offset of <paramref name="transposed"/>: the matrices
    /// numbered <paramref name="part"/>, <paramref name="part"/> + <paramref name="parts"/>, … (for one thread of several).
    /// </summary>
    public static void TransposeWeights(NeuralLayout l, ReadOnlySpan<float> p, Span<float> transposed, int part, int parts)
    {
        int c = l.Embedding;
        for (int m = part; m < (4 * l.Layers) + 1; m += parts)
        {
            int layer = m / 4;
            (int offset, int inputs, int outputs) = m == 4 * l.Layers ? (l.HeadWeight, c, l.Vocabulary)
                : (m % 4) switch
                {
                    0 => (l.AttentionWeight(layer), c, 3 * c),
                    1 => (l.ProjectionWeight(layer), c, c),
                    2 => (l.MlpWeight(layer), c, 4 * c),
                    _ => (l.MlpProjectionWeight(layer), 4 * c, c),
                };
            Linear.Transpose(p.Slice(offset, inputs * outputs), transposed.Slice(offset, inputs * outputs), inputs, outputs);
        }
    }

    /// <summary>Dropout masks per site: the embeddings (0), then each block's attention (1 + 2l) and MLP (2 + 2l) branches.</summary>
    public static int MaskSites(NeuralLayout l) => 1 + (2 * l.Layers);

    private static Span<float> Mask(Activations a, int site, int length) => a.DropoutMasks.AsSpan(site * a.MaxTokens * a.Layout.Embedding, length);

    /// <summary>The gradient reaching a branch's output: the residual's, through the branch's dropout mask if any.</summary>
    private static ReadOnlySpan<float> BranchGradient(Span<float> residual, Span<float> buffer, Activations a, int site, float dropout)
    {
        if (dropout <= 0)
        {
            return residual;
        }

        TensorPrimitives.Multiply(residual, Mask(a, site, residual.Length), buffer);
        return buffer;
    }
}
