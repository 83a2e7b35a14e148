// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Makemore.Modeling.Neural;

/// <summary>
/// Reads and validates a transformer weights file (<see cref="NeuralFormat"/>). Each problem is one
/// <see cref="NeuralWeightsError"/>: a kind the generator turns into its own diagnostic and a sentence naming
/// the offending value and where it stands.
/// </summary>
internal static class NeuralWeightsReader
{
    /// <summary>
    /// Reads the header and checks that the file has exactly the length it declares and a valid alphabet; the
    /// tensors themselves are not read (see <see cref="Validate"/>).
    /// </summary>
    public static NeuralWeightsError ReadHeader(ReadOnlySpan<byte> file, out NeuralHeader header)
    {
        header = default;
        NeuralWeightsError error = ReadFixedHeader(file, out header);
        return error.IsNone ? CheckAlphabet(file, header) : error;
    }

    /// <summary>
    /// Everything <see cref="ReadHeader"/> checks, then the checksum and that every weight is finite: what a build
    /// or a load at run time checks once, before the weights are trusted.
    /// </summary>
    public static NeuralWeightsError Validate(ReadOnlySpan<byte> file, out NeuralHeader header)
    {
        NeuralWeightsError error = ReadHeader(file, out header);
        if (!error.IsNone)
        {
            return error;
        }

        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(file.Slice(header.ChecksumOffset, NeuralFormat.ChecksumLength));
        ulong computed = Checksum(file.Slice(0, header.ChecksumOffset));
        if (stored != computed)
        {
            return new NeuralWeightsError(
                NeuralWeightsErrorKind.ChecksumMismatch,
                "The weights file is damaged: its checksum is 0x" + stored.ToString("X16", CultureInfo.InvariantCulture)
                + " but its bytes give 0x" + computed.ToString("X16", CultureInfo.InvariantCulture) + ".");
        }

        ReadOnlySpan<byte> data = file.Slice(header.DataOffset, header.ChecksumOffset - header.DataOffset);
        int count = header.Layout.ParameterCount;
        for (int i = 0; i < count; i++)
        {
            bool finite = header.ElementType == NeuralElementType.Float16
                ? (BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(2 * i)) & 0x7C00) != 0x7C00
                : (BinaryPrimitives.ReadInt32LittleEndian(data.Slice(4 * i)) & 0x7F800000) != 0x7F800000;
            if (!finite)
            {
                return new NeuralWeightsError(
                    NeuralWeightsErrorKind.NonFiniteWeight,
                    "The weights file holds a weight that is infinite or not a number: " + header.Layout.Describe(i)
                    + ", parameter " + N(i) + " at byte " + N(header.DataOffset + ((long)i * header.ElementSize)) + ".");
            }
        }

        return NeuralWeightsError.None;
    }

    /// <summary>The alphabet: index 0 stands for the boundary token, the rest are the names' characters in increasing order.</summary>
    public static string ReadAlphabet(ReadOnlySpan<byte> file, in NeuralHeader header)
    {
        var symbols = new char[header.Layout.Vocabulary];
        for (int i = 0; i < symbols.Length; i++)
        {
            symbols[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(NeuralHeader.AlphabetOffset + (2 * i)));
        }

        return new string(symbols);
    }

    /// <summary>The parameters of a file as float32, whatever its element type (half values widened exactly).</summary>
    public static void ReadParameters(ReadOnlySpan<byte> file, in NeuralHeader header, Span<float> destination)
    {
        Span<int> bits = MemoryMarshal.Cast<float, int>(destination.Slice(0, header.Layout.ParameterCount));
        ReadOnlySpan<byte> data = file.Slice(header.DataOffset);
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = header.ElementType == NeuralElementType.Float16
                ? HalfBits.ToSingleBits(BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(2 * i)))
                : BinaryPrimitives.ReadInt32LittleEndian(data.Slice(4 * i));
        }
    }

    /// <summary>The description the trainer wrote: how the weights were made.</summary>
    public static string ReadDescription(ReadOnlySpan<byte> file, in NeuralHeader header) =>
        Encoding.UTF8.GetString(file.Slice(header.DescriptionOffset, header.DescriptionLength).ToArray());

    /// <summary>FNV-1a, 64 bits, over <paramref name="bytes"/>.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 0xCBF29CE484222325UL;
        for (int i = 0; i < bytes.Length; i++)
        {
            hash = (hash ^ bytes[i]) * 0x100000001B3UL;
        }

        return hash;
    }

    /// <summary>The float a little-endian int's bits stand for.</summary>
    public static float SingleFromBits(int bits)
    {
        Span<int> one = stackalloc int[1];
        one[0] = bits;
        return MemoryMarshal.Cast<int, float>(one)[0];
    }

    private static NeuralWeightsError ReadFixedHeader(ReadOnlySpan<byte> file, out NeuralHeader header)
    {
        header = default;
        ReadOnlySpan<byte> magic = NeuralFormat.Magic;
        int prefix = Math.Min(file.Length, magic.Length);
        if (!file.Slice(0, prefix).SequenceEqual(magic.Slice(0, prefix)))
        {
            return new NeuralWeightsError(
                NeuralWeightsErrorKind.NotAWeightsFile,
                "The file is not a Makemore weights file: it starts with " + Hex(file.Slice(0, prefix)) + ", not " + Hex(magic) + ".");
        }

        if (file.Length < NeuralFormat.FixedHeaderLength)
        {
            return Truncated(file.Length, NeuralFormat.FixedHeaderLength, "its header alone takes");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(8));
        if (version > NeuralFormat.CurrentVersion)
        {
            return new NeuralWeightsError(
                NeuralWeightsErrorKind.NewerVersion,
                "The weights file has format version " + version.ToString(CultureInfo.InvariantCulture)
                + ", newer than this Makemore reads (version " + NeuralFormat.CurrentVersion.ToString(CultureInfo.InvariantCulture)
                + "): update the Makemore package.");
        }

        uint dataOffset = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(12));
        uint elementType = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(16));
        int layers = BinaryPrimitives.ReadInt32LittleEndian(file.Slice(20));
        int heads = BinaryPrimitives.ReadInt32LittleEndian(file.Slice(24));
        int embedding = BinaryPrimitives.ReadInt32LittleEndian(file.Slice(28));
        int context = BinaryPrimitives.ReadInt32LittleEndian(file.Slice(32));
        int vocabulary = BinaryPrimitives.ReadInt32LittleEndian(file.Slice(36));
        int epsilonBits = BinaryPrimitives.ReadInt32LittleEndian(file.Slice(40));
        int descriptionLength = BinaryPrimitives.ReadInt32LittleEndian(file.Slice(44));

        string? problem =
            version == 0 ? "format version 0"
            : elementType > (uint)NeuralElementType.Float16 ? "element type " + elementType.ToString(CultureInfo.InvariantCulture) + " (0 is float32, 1 float16)"
            : layers < 1 || layers > NeuralFormat.MaxLayers ? "layers " + N(layers) + " (1 to " + N(NeuralFormat.MaxLayers) + ")"
            : embedding < 1 || embedding > NeuralFormat.MaxEmbedding ? "embedding size " + N(embedding) + " (1 to " + N(NeuralFormat.MaxEmbedding) + ")"
            : heads < 1 || heads > embedding || embedding % heads != 0 ? "heads " + N(heads) + ", which must divide the embedding size " + N(embedding)
            : context < 2 || context > NeuralFormat.MaxContext ? "context " + N(context) + " (2 to " + N(NeuralFormat.MaxContext) + ")"
            : vocabulary < 2 || vocabulary > NeuralFormat.MaxVocabulary ? "vocabulary " + N(vocabulary) + " (2 to " + N(NeuralFormat.MaxVocabulary) + ")"
            : (epsilonBits & 0x7F800000) == 0x7F800000 || epsilonBits <= 0 ? "layer norm epsilon bits 0x" + epsilonBits.ToString("X8", CultureInfo.InvariantCulture) + " (a positive finite float)"
            : descriptionLength < 0 || descriptionLength > NeuralFormat.MaxDescriptionLength ? "description length " + N(descriptionLength) + " (0 to " + N(NeuralFormat.MaxDescriptionLength) + ")"
            : NeuralLayout.CountParameters(layers, embedding, context, vocabulary) > NeuralFormat.MaxParameters
                ? N(NeuralLayout.CountParameters(layers, embedding, context, vocabulary)) + " parameters (at most " + N(NeuralFormat.MaxParameters) + ")"
            : dataOffset != NeuralHeader.DataOffsetFor(vocabulary, descriptionLength)
                ? "data offset " + N(dataOffset) + " (expected " + N(NeuralHeader.DataOffsetFor(vocabulary, descriptionLength)) + ": the end of the alphabet and description, rounded up to a multiple of " + N(NeuralFormat.DataAlignment) + ")"
            : null;
        if (problem is not null)
        {
            return new NeuralWeightsError(NeuralWeightsErrorKind.InvalidHeader, "The weights file's header is invalid: " + problem + ".");
        }

        var layout = new NeuralLayout(layers, heads, embedding, context, vocabulary);
        header = new NeuralHeader(version, (NeuralElementType)elementType, layout, SingleFromBits(epsilonBits), descriptionLength, (int)dataOffset);
        if (file.Length < header.FileLength)
        {
            return Truncated(file.Length, header.FileLength, "its header declares");
        }

        if (file.Length > header.FileLength)
        {
            return new NeuralWeightsError(
                NeuralWeightsErrorKind.TrailingBytes,
                "The weights file has " + N(file.Length - header.FileLength) + " bytes after its end: its header declares "
                + N(header.FileLength) + " bytes, the file has " + N(file.Length) + ".");
        }

        return NeuralWeightsError.None;
    }

    private static NeuralWeightsError CheckAlphabet(ReadOnlySpan<byte> file, in NeuralHeader header)
    {
        int previous = -1;
        char boundary = (char)BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(NeuralHeader.AlphabetOffset));
        for (int i = 0; i < header.Layout.Vocabulary; i++)
        {
            char c = (char)BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(NeuralHeader.AlphabetOffset + (2 * i)));
            string? problem = char.IsSurrogate(c) ? "is a surrogate"
                : i > 0 && c <= previous ? "does not follow symbol " + N(i - 1) + " (U+" + previous.ToString("X4", CultureInfo.InvariantCulture) + ") in increasing order"
                : i > 0 && c == boundary ? "is also the boundary token's stand-in"
                : null;
            if (problem is not null)
            {
                return new NeuralWeightsError(
                    NeuralWeightsErrorKind.InvalidAlphabet,
                    "The weights file's alphabet is invalid: symbol " + N(i) + " (U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + ") " + problem + ".");
            }

            previous = i == 0 ? -1 : c;
        }

        return NeuralWeightsError.None;
    }

    private static NeuralWeightsError Truncated(long found, long expected, string what) => new NeuralWeightsError(
        NeuralWeightsErrorKind.Truncated,
        found == 0
            ? "The weights file is empty."
            : "The weights file is truncated: it has " + N(found) + " bytes, " + what + " " + N(expected) + ".");

    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return "nothing (it is empty)";
        }

        var text = new StringBuilder();
        for (int i = 0; i < bytes.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : " ").Append(bytes[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
