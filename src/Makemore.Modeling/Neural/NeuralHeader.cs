// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling.Neural;

/// <summary>What the header of a weights file declares, and where its parts stand in the file.</summary>
internal readonly struct NeuralHeader
{
    public NeuralHeader(uint version, NeuralElementType elementType, NeuralLayout layout, float layerNormEpsilon, int descriptionLength, int dataOffset)
    {
        Version = version;
        ElementType = elementType;
        Layout = layout;
        LayerNormEpsilon = layerNormEpsilon;
        DescriptionLength = descriptionLength;
        DataOffset = dataOffset;
    }

    public uint Version { get; }

    public NeuralElementType ElementType { get; }

    /// <summary>The model's shape and where each tensor stands among the parameters.</summary>
    public NeuralLayout Layout { get; }

    public float LayerNormEpsilon { get; }

    /// <summary>Bytes of the UTF-8 description.</summary>
    public int DescriptionLength { get; }

    /// <summary>Where the alphabet starts.</summary>
    public static int AlphabetOffset => NeuralFormat.FixedHeaderLength;

    /// <summary>Where the description starts.</summary>
    public int DescriptionOffset => AlphabetOffset + (2 * Layout.Vocabulary);

    /// <summary>Where the tensors start.</summary>
    public int DataOffset { get; }

    /// <summary>Bytes a parameter takes.</summary>
    public int ElementSize => ElementType == NeuralElementType.Float16 ? 2 : 4;

    /// <summary>Where the checksum starts.</summary>
    public int ChecksumOffset => DataOffset + (Layout.ParameterCount * ElementSize);

    /// <summary>The file's whole length.</summary>
    public int FileLength => ChecksumOffset + NeuralFormat.ChecksumLength;

    /// <summary>The data offset for a given alphabet and description: their end rounded up to <see cref="NeuralFormat.DataAlignment"/>.</summary>
    public static long DataOffsetFor(long vocabulary, long descriptionLength)
    {
        long end = NeuralFormat.FixedHeaderLength + (2 * vocabulary) + descriptionLength;
        return (end + NeuralFormat.DataAlignment - 1) / NeuralFormat.DataAlignment * NeuralFormat.DataAlignment;
    }
}
