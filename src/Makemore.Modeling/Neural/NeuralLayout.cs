// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Globalization;

namespace Makemore.Modeling.Neural;

/// <summary>
/// The shape of a transformer (makemore.py's: token and position embeddings, pre-LayerNorm blocks of causal
/// self-attention and a 4× GELU MLP, a final LayerNorm and a linear head without bias) and where each of its
/// tensors stands in the flat parameter vector: the order of the weights file, of the trainer's parameters and of
/// the inference kernels' reads.
/// </summary>
/// <remarks>
/// <code>
/// token embedding      [V, C]
/// position embedding   [T, C]
/// per layer:  ln1 weight [C], ln1 bias [C], attention weight [C, 3C] (q | k | v), attention bias [3C],
///             projection weight [C, C], projection bias [C], ln2 weight [C], ln2 bias [C],
///             MLP weight [C, 4C], MLP bias [4C], MLP projection weight [4C, C], MLP projection bias [C]
/// final norm weight [C], final norm bias [C]
/// head weight [C, V]
/// </code>
/// </remarks>
internal readonly struct NeuralLayout
{
    public NeuralLayout(int layers, int heads, int embedding, int context, int vocabulary)
    {
        Layers = layers;
        Heads = heads;
        Embedding = embedding;
        Context = context;
        Vocabulary = vocabulary;
    }

    /// <summary>Transformer blocks.</summary>
    public int Layers { get; }

    /// <summary>Attention heads per block.</summary>
    public int Heads { get; }

    /// <summary>The embedding (residual stream) size C.</summary>
    public int Embedding { get; }

    /// <summary>Positions T: a name has at most T − 1 characters, its end then being certain.</summary>
    public int Context { get; }

    /// <summary>Symbols V, the boundary token (index 0) included.</summary>
    public int Vocabulary { get; }

    /// <summary>Size of one head, C / heads.</summary>
    public int HeadSize => Embedding / Heads;

    /// <summary>Width of the MLP's hidden layer, 4C.</summary>
    public int Hidden => 4 * Embedding;

    public static int TokenEmbedding => 0;

    public int PositionEmbedding => Vocabulary * Embedding;

    /// <summary>Parameters of one block.</summary>
    public int LayerStride => (12 * Embedding * Embedding) + (13 * Embedding);

    public int FinalNormWeight => FirstLayer + (Layers * LayerStride);

    public int FinalNormBias => FinalNormWeight + Embedding;

    public int HeadWeight => FinalNormBias + Embedding;

    /// <summary>All parameters.</summary>
    public int ParameterCount => HeadWeight + (Embedding * Vocabulary);

    private int FirstLayer => (Vocabulary + Context) * Embedding;

    /// <summary>The parameters as <see cref="ParameterCount"/> would count them, in 64 bits (for validation before anything is allocated).</summary>
    public static long CountParameters(long layers, long embedding, long context, long vocabulary) =>
        ((vocabulary + context) * embedding) + (layers * ((12 * embedding * embedding) + (13 * embedding))) + (2 * embedding) + (embedding * vocabulary);

    public int Ln1Weight(int layer) => FirstLayer + (layer * LayerStride);

    public int Ln1Bias(int layer) => Ln1Weight(layer) + Embedding;

    public int AttentionWeight(int layer) => Ln1Weight(layer) + (2 * Embedding);

    public int AttentionBias(int layer) => AttentionWeight(layer) + (3 * Embedding * Embedding);

    public int ProjectionWeight(int layer) => AttentionBias(layer) + (3 * Embedding);

    public int ProjectionBias(int layer) => ProjectionWeight(layer) + (Embedding * Embedding);

    public int Ln2Weight(int layer) => ProjectionBias(layer) + Embedding;

    public int Ln2Bias(int layer) => Ln2Weight(layer) + Embedding;

    public int MlpWeight(int layer) => Ln2Bias(layer) + Embedding;

    public int MlpBias(int layer) => MlpWeight(layer) + (4 * Embedding * Embedding);

    public int MlpProjectionWeight(int layer) => MlpBias(layer) + (4 * Embedding);

    public int MlpProjectionBias(int layer) => MlpProjectionWeight(layer) + (4 * Embedding * Embedding);

    /// <summary>Whether parameter <paramref name="index"/> belongs to a weight matrix (embeddings, biases and norms are not).</summary>
    public bool IsMatrix(int index)
    {
        if (index >= HeadWeight)
        {
            return true;
        }

        if (index < FirstLayer || index >= FinalNormWeight)
        {
            return false;
        }

        int layer = (index - FirstLayer) / LayerStride;
        return (index >= AttentionWeight(layer) && index < AttentionBias(layer))
            || (index >= ProjectionWeight(layer) && index < ProjectionBias(layer))
            || (index >= MlpWeight(layer) && index < MlpBias(layer))
            || (index >= MlpProjectionWeight(layer) && index < MlpProjectionBias(layer));
    }

    /// <summary>Names the tensor parameter <paramref name="index"/> belongs to and its position in it, for error messages.</summary>
    public string Describe(int index)
    {
        if (index < PositionEmbedding)
        {
            return Element("the token embedding", index - TokenEmbedding, Embedding);
        }

        if (index < FirstLayer)
        {
            return Element("the position embedding", index - PositionEmbedding, Embedding);
        }

        if (index < FinalNormWeight)
        {
            int layer = (index - FirstLayer) / LayerStride;
            string block = "block " + layer.ToString(CultureInfo.InvariantCulture) + "'s ";
            if (index < Ln1Bias(layer))
            {
                return Element(block + "first norm weight", index - Ln1Weight(layer), 0);
            }

            if (index < AttentionWeight(layer))
            {
                return Element(block + "first norm bias", index - Ln1Bias(layer), 0);
            }

            if (index < AttentionBias(layer))
            {
                return Element(block + "attention weight", index - AttentionWeight(layer), 3 * Embedding);
            }

            if (index < ProjectionWeight(layer))
            {
                return Element(block + "attention bias", index - AttentionBias(layer), 0);
            }

            if (index < ProjectionBias(layer))
            {
                return Element(block + "attention projection weight", index - ProjectionWeight(layer), Embedding);
            }

            if (index < Ln2Weight(layer))
            {
                return Element(block + "attention projection bias", index - ProjectionBias(layer), 0);
            }

            if (index < Ln2Bias(layer))
            {
                return Element(block + "second norm weight", index - Ln2Weight(layer), 0);
            }

            if (index < MlpWeight(layer))
            {
                return Element(block + "second norm bias", index - Ln2Bias(layer), 0);
            }

            if (index < MlpBias(layer))
            {
                return Element(block + "MLP weight", index - MlpWeight(layer), 4 * Embedding);
            }

            if (index < MlpProjectionWeight(layer))
            {
                return Element(block + "MLP bias", index - MlpBias(layer), 0);
            }

            return index < MlpProjectionBias(layer)
                ? Element(block + "MLP projection weight", index - MlpProjectionWeight(layer), Embedding)
                : Element(block + "MLP projection bias", index - MlpProjectionBias(layer), 0);
        }

        if (index < FinalNormBias)
        {
            return Element("the final norm weight", index - FinalNormWeight, 0);
        }

        return index < HeadWeight
            ? Element("the final norm bias", index - FinalNormBias, 0)
            : Element("the head weight", index - HeadWeight, Vocabulary);
    }

    private static string Element(string tensor, int offset, int columns) => columns == 0
        ? tensor + " [" + offset.ToString(CultureInfo.InvariantCulture) + "]"
        : tensor + " [" + (offset / columns).ToString(CultureInfo.InvariantCulture) + ", " + (offset % columns).ToString(CultureInfo.InvariantCulture) + "]";
}
