// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Makemore.Modeling.Neural;

/// <summary>Writes a transformer weights file (<see cref="NeuralFormat"/>).</summary>
internal static class NeuralWeightsWriter
{
    /// <summary>The layer norm epsilon of PyTorch's <c>nn.LayerNorm</c>, which makemore.py uses.</summary>
    public const float DefaultLayerNormEpsilon = 1e-5f;

    /// <summary>The bytes of a weights file.</summary>
    /// <param name="layout">The model's shape.</param>
    /// <param name="alphabet">Index 0 the boundary token's stand-in, then the characters in increasing order.</param>
    /// <param name="parameters">The parameters in <see cref="NeuralLayout"/> order.</param>
    /// <param name="description">How the weights were made (UTF-8 in the file).</param>
    /// <param name="elementType">How the tensors are stored.</param>
    /// <param name="layerNormEpsilon">The layer norms' epsilon.</param>
    public static byte[] Write(NeuralLayout layout, string alphabet, ReadOnlySpan<float> parameters, string description, NeuralElementType elementType, float layerNormEpsilon = DefaultLayerNormEpsilon)
    {
        if (alphabet is null || alphabet.Length != layout.Vocabulary)
        {
            throw new ArgumentException("The alphabet must have one character per symbol of the vocabulary (" + layout.Vocabulary.ToString(CultureInfo.InvariantCulture) + ").", nameof(alphabet));
        }

        if (parameters.Length != layout.ParameterCount)
        {
            throw new ArgumentException("Expected " + layout.ParameterCount.ToString(CultureInfo.InvariantCulture) + " parameters, got " + parameters.Length.ToString(CultureInfo.InvariantCulture) + ".", nameof(parameters));
        }

        byte[] text = Encoding.UTF8.GetBytes(description ?? string.Empty);
        int dataOffset = (int)NeuralHeader.DataOffsetFor(layout.Vocabulary, text.Length);
        var header = new NeuralHeader(NeuralFormat.CurrentVersion, elementType, layout, layerNormEpsilon, text.Length, dataOffset);
        var file = new byte[header.FileLength];
        Span<byte> span = file;
        NeuralFormat.Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(8), NeuralFormat.CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(12), (uint)dataOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(16), (uint)elementType);
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(20), layout.Layers);
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(24), layout.Heads);
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(28), layout.Embedding);
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(32), layout.Context);
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(36), layout.Vocabulary);
        Span<float> epsilon = stackalloc float[1];
        epsilon[0] = layerNormEpsilon;
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(40), MemoryMarshal.Cast<float, int>(epsilon)[0]);
        BinaryPrimitives.WriteInt32LittleEndian(span.Slice(44), text.Length);
        for (int i = 0; i < alphabet.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span.Slice(NeuralHeader.AlphabetOffset + (2 * i)), alphabet[i]);
        }

        text.CopyTo(span.Slice(header.DescriptionOffset));
        ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(parameters);
        Span<byte> data = span.Slice(dataOffset);
        for (int i = 0; i < bits.Length; i++)
        {
            if (elementType == NeuralElementType.Float16)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(data.Slice(2 * i), HalfBits.FromSingleBits(bits[i]));
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(data.Slice(4 * i), bits[i]);
            }
        }

        BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(header.ChecksumOffset), NeuralWeightsReader.Checksum(span.Slice(0, header.ChecksumOffset)));
        return file;
    }
}
