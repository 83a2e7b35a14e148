using System;
using Makemore.Modeling.Neural;

namespace Makemore.Transformers;

/// <summary>
/// A loaded model's matrices packed for <see cref="HalfPanelProduct"/>, made once at load: each block's attention,
/// projection, MLP and MLP projection weights, then the vocabulary head, one after the other. A one-name pass
/// multiplies through them instead of the float32 parameters (the same bits, half the bytes to read).
/// </summary>
internal static class TransformerHalfPanels
{
    /// <summary>
    /// The packed matrices, or empty when the processor lacks the kernel or a weight is not a binary16 value (a
    /// float32 file's weights need not be): the passes then read the float32 parameters.
    /// </summary>
    public static short[] Pack(ReadOnlySpan<float> parameters, NeuralLayout l)
    {
        if (!HalfPanelProduct.IsSupported)
        {
            return [];
        }

        int c = l.Embedding;
        var panels = new short[Head(l) + HalfPanelProduct.Length(c, l.Vocabulary)];
        for (int layer = 0; layer < l.Layers; layer++)
        {
            if (!HalfPanelProduct.TryPack(parameters.Slice(l.AttentionWeight(layer), 3 * c * c), c, 3 * c, panels.AsSpan(Attention(l, layer)))
                || !HalfPanelProduct.TryPack(parameters.Slice(l.ProjectionWeight(layer), c * c), c, c, panels.AsSpan(Projection(l, layer)))
                || !HalfPanelProduct.TryPack(parameters.Slice(l.MlpWeight(layer), 4 * c * c), c, 4 * c, panels.AsSpan(Mlp(l, layer)))
                || !HalfPanelProduct.TryPack(parameters.Slice(l.MlpProjectionWeight(layer), 4 * c * c), 4 * c, c, panels.AsSpan(MlpProjection(l, layer))))
            {
                return [];
            }
        }

        return HalfPanelProduct.TryPack(parameters.Slice(l.HeadWeight, c * l.Vocabulary), c, l.Vocabulary, panels.AsSpan(Head(l))) ? panels : [];
    }

    /// <summary>Where block <paramref name="layer"/>'s attention weights (C × 3C) start.</summary>
    public static int Attention(NeuralLayout l, int layer) => layer * LayerLength(l);

    /// <summary>Where block <paramref name="layer"/>'s projection weights (C × C) start.</summary>
    public static int Projection(NeuralLayout l, int layer) => Attention(l, layer) + HalfPanelProduct.Length(l.Embedding, 3 * l.Embedding);

    /// <summary>Where block <paramref name="layer"/>'s MLP weights (C × 4C) start.</summary>
    public static int Mlp(NeuralLayout l, int layer) => Projection(l, layer) + HalfPanelProduct.Length(l.Embedding, l.Embedding);

    /// <summary>Where block <paramref name="layer"/>'s MLP projection weights (4C × C) start.</summary>
    public static int MlpProjection(NeuralLayout l, int layer) => Mlp(l, layer) + HalfPanelProduct.Length(l.Embedding, 4 * l.Embedding);

    /// <summary>Where the vocabulary head (C × V) starts.</summary>
    public static int Head(NeuralLayout l) => l.Layers * LayerLength(l);

    private static int LayerLength(NeuralLayout l)
    {
        int c = l.Embedding;
        return HalfPanelProduct.Length(c, 3 * c) + HalfPanelProduct.Length(c, c) + HalfPanelProduct.Length(c, 4 * c) + HalfPanelProduct.Length(4 * c, c);
    }
}
