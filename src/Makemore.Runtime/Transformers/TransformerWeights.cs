using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;
using Makemore.Modeling.Neural;

namespace Makemore.Transformers;

/// <summary>
/// A transformer read in place from the bytes of its weights file (<see cref="NeuralFormat"/>): the shape from the
/// header, the alphabet and the float32 parameters as spans over the bytes, nothing copied. Generated code holds the
/// bytes as constant data and makes one of these per call; a model loaded at run time keeps the file's array.
/// </summary>
internal readonly ref struct TransformerWeights
{
    private readonly ReadOnlySpan<byte> _alphabet;

    private TransformerWeights(NeuralHeader header, ReadOnlySpan<byte> alphabet, ReadOnlySpan<float> parameters, ReadOnlySpan<float> prefixes = default, ReadOnlySpan<short> halfPanels = default, TransformerPrefixes.KeptPosition[]? kept = null)
    {
        Kept = kept ?? [];
        Layout = header.Layout;
        LayerNormEpsilon = header.LayerNormEpsilon;
        _alphabet = alphabet;
        Parameters = parameters;
        Prefixes = prefixes;
        HalfPanels = halfPanels;
    }

    /// <summary>The model's shape and where each tensor stands among <see cref="Parameters"/>.</summary>
    public NeuralLayout Layout { get; }

    public float LayerNormEpsilon { get; }

    /// <summary>The parameters, in <see cref="NeuralLayout"/> order.</summary>
    public ReadOnlySpan<float> Parameters { get; }

    /// <summary>
    /// The passes every name begins with, computed once (<see cref="TransformerPrefixes"/>), or empty: then each name
    /// computes them.
    /// </summary>
    public ReadOnlySpan<float> Prefixes { get; }

    /// <summary>The tables of positions 2 and 3, filled by the passes that reach them (<see cref="TransformerPrefixes"/>): as many as the model keeps.</summary>
    public TransformerPrefixes.KeptPosition[] Kept { get; }

    /// <summary>
    /// The matrices packed for one-name passes (<see cref="TransformerHalfPanels"/>), or empty: then they read
    /// <see cref="Parameters"/>.
    /// </summary>
    public ReadOnlySpan<short> HalfPanels { get; }

    /// <summary>The character that stands for the boundary (start/end) token: '.' unless the names use it.</summary>
    public char Boundary => Symbol(0);

    /// <summary>The longest name the model produces: context − 1 characters, its end then certain.</summary>
    public int LongestName => Layout.Context - 1;

    /// <summary>
    /// Reads a file's header (magic, version, shape, length, alphabet; <see cref="NeuralWeightsReader.ReadHeader"/>)
    /// and maps its float32 tensors in place. A file whose checksum and weights have been checked once
    /// (<see cref="NeuralWeightsReader.Validate"/>, at build or load time) needs no more than this.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable weights file; the message says why.</exception>
    /// <exception cref="NotSupportedException">The tensors are float16 (decode them with <see cref="Decoded"/>).</exception>
    public static TransformerWeights Read(ReadOnlySpan<byte> file)
    {
        NeuralWeightsError error = NeuralWeightsReader.ReadHeader(file, out NeuralHeader header);
        if (!error.IsNone)
        {
            throw new InvalidDataException(error.Message);
        }

        if (header.ElementType != NeuralElementType.Float32)
        {
            throw new NotSupportedException("The weights file stores float16 tensors, which cannot be read in place; decode them into floats first.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Weights are read in place only on little-endian machines.");
        }

        ReadOnlySpan<float> parameters = MemoryMarshal.Cast<byte, float>(file.Slice(header.DataOffset, header.Layout.ParameterCount * 4));
        return new TransformerWeights(header, file.Slice(NeuralHeader.AlphabetOffset, 2 * header.Layout.Vocabulary), parameters);
    }

    /// <summary>The model of a file whose tensors were decoded into <paramref name="parameters"/> (float16 files).</summary>
    public static TransformerWeights Decoded(ReadOnlySpan<byte> file, ReadOnlySpan<float> parameters)
    {
        NeuralWeightsError error = NeuralWeightsReader.ReadHeader(file, out NeuralHeader header);
        if (!error.IsNone)
        {
            throw new InvalidDataException(error.Message);
        }

        return new TransformerWeights(header, file.Slice(NeuralHeader.AlphabetOffset, 2 * header.Layout.Vocabulary), parameters.Slice(0, header.Layout.ParameterCount));
    }

    /// <summary>
    /// The model of a header, an alphabet (2·V bytes, as in the file) and parameters already checked and decoded: what a
    /// loaded model keeps, so that each call reads no header; with the model's <see cref="Prefixes"/>,
    /// <see cref="HalfPanels"/> and <see cref="Kept"/> if it keeps them.
    /// </summary>
    public static TransformerWeights FromParts(NeuralHeader header, ReadOnlySpan<byte> alphabet, ReadOnlySpan<float> parameters, ReadOnlySpan<float> prefixes = default, ReadOnlySpan<short> halfPanels = default, TransformerPrefixes.KeptPosition[]? kept = null) =>
        new(header, alphabet, parameters, prefixes, halfPanels, kept);

    /// <summary>The character of symbol <paramref name="index"/> (0: the boundary's stand-in).</summary>
    public char Symbol(int index) => (char)BinaryPrimitives.ReadUInt16LittleEndian(_alphabet.Slice(2 * index));

    /// <summary>The symbol of a name's character (1…), or −1 when it is not in the alphabet; a binary search of the sorted characters.</summary>
    public int IndexOf(char c)
    {
        int low = 1;
        int high = Layout.Vocabulary - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            char m = Symbol(middle);
            if (m == c)
            {
                return middle;
            }

            if (m < c)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }
}
