using System;
using Makemore.Modeling.Neural;

namespace Makemore.Training.Transformer;

/// <summary>
/// One thread's activations for a forward and backward pass over up to <see cref="MaxTokens"/> packed tokens: what
/// each layer's backward pass needs from the forward pass, and the gradients flowing back. Allocated once.
/// </summary>
internal sealed class Activations
{
    public Activations(NeuralLayout layout, int maxNames, bool training)
    {
        Layout = layout;
        Names = new PackedNames(maxNames, layout.Context);
        MaxTokens = maxNames * (layout.Context - 1);
        int n = MaxTokens;
        int c = layout.Embedding;
        // Evaluation keeps one block's activations, overwritten block after block.
        int layers = training ? layout.Layers : 1;
        _training = training;
        Encoded = new float[n * c];
        Ln1 = new float[layers * n * c];
        Ln1Mean = new float[layers * n];
        Ln1Deviation = new float[layers * n];
        Qkv = new float[layers * n * 3 * c];
        AttentionWeights = new float[layers * n * layout.Heads * layout.Context];
        Attended = new float[layers * n * c];
        AfterAttention = new float[layers * n * c];
        Ln2 = new float[layers * n * c];
        Ln2Mean = new float[layers * n];
        Ln2Deviation = new float[layers * n];
        Hidden = new float[layers * n * 4 * c];
        Activated = new float[layers * n * 4 * c];
        AfterMlp = new float[layers * n * c];
        Final = new float[n * c];
        FinalMean = new float[n];
        FinalDeviation = new float[n];
        Logits = new float[n * layout.Vocabulary];
        Branch = new float[n * c];
        if (training)
        {
            ResidualGradient = new float[n * c];
            BranchGradient = new float[n * c];
            AttendedGradient = new float[n * c];
            QkvGradient = new float[n * 3 * c];
            HiddenGradient = new float[n * 4 * c];
            Scratch = new float[Math.Max(2 * c, layout.Context)];
        }
    }

    private readonly bool _training;

    public NeuralLayout Layout { get; }

    /// <summary>The names of the pass, packed.</summary>
    public PackedNames Names { get; }

    public int MaxTokens { get; }

    /// <summary>Token plus position embeddings [N, C]: the first residual stream.</summary>
    public float[] Encoded { get; }

    public float[] Ln1 { get; }

    public float[] Ln1Mean { get; }

    public float[] Ln1Deviation { get; }

    public float[] Qkv { get; }

    public float[] AttentionWeights { get; }

    /// <summary>The heads' outputs side by side, before the attention's projection.</summary>
    public float[] Attended { get; }

    /// <summary>The residual stream after each block's attention.</summary>
    public float[] AfterAttention { get; }

    public float[] Ln2 { get; }

    public float[] Ln2Mean { get; }

    public float[] Ln2Deviation { get; }

    /// <summary>The MLP's hidden layer before GELU.</summary>
    public float[] Hidden { get; }

    /// <summary>The MLP's hidden layer after GELU.</summary>
    public float[] Activated { get; }

    /// <summary>The residual stream after each block: the next block's input.</summary>
    public float[] AfterMlp { get; }

    public float[] Final { get; }

    public float[] FinalMean { get; }

    public float[] FinalDeviation { get; }

    /// <summary>The logits [N, V]; in training overwritten by their gradient.</summary>
    public float[] Logits { get; }

    /// <summary>A residual branch's output (a projection) before it joins the stream.</summary>
    public float[] Branch { get; }

    /// <summary>Dropout masks: the embeddings', then each block's attention and MLP branches'.</summary>
    public float[]? DropoutMasks { get; set; }

    public float[] ResidualGradient { get; } = [];

    public float[] BranchGradient { get; } = [];

    public float[] AttendedGradient { get; } = [];

    public float[] QkvGradient { get; } = [];

    public float[] HiddenGradient { get; } = [];

    public float[] Scratch { get; } = [];

    /// <summary>Block <paramref name="layer"/>'s part of a per-block buffer of <paramref name="width"/> floats a token.</summary>
    public Span<float> Layer(float[] buffer, int layer, int width) => buffer.AsSpan((_training ? layer : 0) * MaxTokens * width, Names.TokenCount * width);

    /// <summary>Block <paramref name="layer"/>'s part of a per-block buffer of one float a token.</summary>
    public Span<float> LayerRows(float[] buffer, int layer) => Layer(buffer, layer, 1);
}
