using System;
using System.Buffers.Binary;
using System.Linq;
using System.Text;
using Makemore.Modeling.Neural;
using Xunit;

namespace Makemore.Tests.Modeling.Neural;

/// <summary>The weights file: what the writer writes the reader reads back, and each kind of bad file is told apart.</summary>
public sealed class WeightsFileTests
{
    private static readonly NeuralLayout Shape = new(2, 2, 8, 6, 6);

    private const string Alphabet = ".abcde";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_written_file_reads_back_with_its_shape_alphabet_description_and_weights(bool half)
    {
        NeuralElementType type = half ? NeuralElementType.Float16 : NeuralElementType.Float32;
        float[] parameters = Parameters();
        byte[] file = NeuralWeightsWriter.Write(Shape, Alphabet, parameters, "trained for a test — ünïcode", type, 1e-5f);

        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out NeuralHeader header);

        Assert.True(error.IsNone, error.Message);
        Assert.Equal(NeuralFormat.CurrentVersion, header.Version);
        Assert.Equal(type, header.ElementType);
        Assert.Equal((2, 2, 8, 6, 6), (header.Layout.Layers, header.Layout.Heads, header.Layout.Embedding, header.Layout.Context, header.Layout.Vocabulary));
        Assert.Equal(1e-5f, header.LayerNormEpsilon);
        Assert.Equal(0, header.DataOffset % NeuralFormat.DataAlignment);
        Assert.Equal(file.Length, header.FileLength);
        Assert.Equal(Alphabet, NeuralWeightsReader.ReadAlphabet(file, header));
        Assert.Equal("trained for a test — ünïcode", NeuralWeightsReader.ReadDescription(file, header));
        var read = new float[Shape.ParameterCount];
        NeuralWeightsReader.ReadParameters(file, header, read);
        float[] expected = type == NeuralElementType.Float32 ? parameters : parameters.Select(p => (float)(Half)p).ToArray();
        Assert.Equal(expected, read);
    }

    [Fact]
    public void An_empty_file_is_truncated()
    {
        NeuralWeightsError error = NeuralWeightsReader.Validate([], out _);

        Assert.Equal(NeuralWeightsErrorKind.Truncated, error.Kind);
        Assert.Equal("The weights file is empty.", error.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(47)]
    [InlineData(100)]
    [InlineData(-1)]
    public void A_file_cut_anywhere_is_truncated_with_the_length_it_has_and_the_length_it_needs(int length)
    {
        byte[] file = Write();
        int cut = length < 0 ? file.Length - 1 : length;

        NeuralWeightsError error = NeuralWeightsReader.Validate(file.AsSpan(0, cut), out _);

        Assert.Equal(NeuralWeightsErrorKind.Truncated, error.Kind);
        Assert.StartsWith($"The weights file is truncated: it has {cut:N0} bytes, ", error.Message, StringComparison.Ordinal);
        Assert.Contains(cut < NeuralFormat.FixedHeaderLength ? "its header alone takes 48" : $"its header declares {file.Length:N0}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("emma\nolivia\nava\n")]
    [InlineData("\u0089PNG\r\n\u001a\n")]
    [InlineData("M")]
    public void A_foreign_file_is_not_a_weights_file(string content)
    {
        byte[] file = Encoding.Latin1.GetBytes(content);

        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out _);

        Assert.Equal(NeuralWeightsErrorKind.NotAWeightsFile, error.Kind);
        Assert.StartsWith("The file is not a Makemore weights file: it starts with ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(", not 89 4D 4D 54 46 0D 0A 1A.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_format_is_told_apart_from_a_damaged_file()
    {
        byte[] file = Write();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), NeuralFormat.CurrentVersion + 1);

        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out _);

        Assert.Equal(NeuralWeightsErrorKind.NewerVersion, error.Kind);
        Assert.Equal("The weights file has format version 2, newer than this Makemore reads (version 1): update the Makemore package.", error.Message);
    }

    [Theory]
    [InlineData(8, 0u, "format version 0")]
    [InlineData(16, 7u, "element type 7 (0 is float32, 1 float16)")]
    [InlineData(24, 3u, "heads 3, which must divide the embedding size 8")]
    [InlineData(32, 1u, "context 1 (2 to 65,536)")]
    [InlineData(36, 70000u, "vocabulary 70,000 (2 to 65,536)")]
    [InlineData(40, 0x7FC00000u, "layer norm epsilon bits 0x7FC00000 (a positive finite float)")]
    [InlineData(12, 128u, "data offset 128 (expected 64: the end of the alphabet and description, rounded up to a multiple of 64)")]
    public void An_impossible_header_names_the_field(int offset, uint value, string problem)
    {
        byte[] file = Write(description: string.Empty);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(offset), value);

        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out _);

        Assert.Equal(NeuralWeightsErrorKind.InvalidHeader, error.Kind);
        Assert.Equal($"The weights file's header is invalid: {problem}.", error.Message);
    }

    [Fact]
    public void Bytes_after_the_checksum_are_refused()
    {
        byte[] file = [.. Write(), 0];

        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out _);

        Assert.Equal(NeuralWeightsErrorKind.TrailingBytes, error.Kind);
        Assert.StartsWith("The weights file has 1 bytes after its end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_byte_fails_the_checksum()
    {
        byte[] file = Write();
        file[file.Length - 100] ^= 0x10;

        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out _);

        Assert.Equal(NeuralWeightsErrorKind.ChecksumMismatch, error.Kind);
        Assert.StartsWith("The weights file is damaged: its checksum is 0x", error.Message, StringComparison.Ordinal);
        Assert.True(NeuralWeightsReader.ReadHeader(file, out _).IsNone, "The header alone does not read the checksum.");
    }

    [Fact]
    public void A_weight_that_is_not_a_number_is_named_by_tensor_and_position()
    {
        float[] parameters = Parameters();
        parameters[Shape.MlpWeight(1) + (3 * 32) + 5] = float.NaN;
        byte[] file = NeuralWeightsWriter.Write(Shape, Alphabet, parameters, string.Empty, NeuralElementType.Float32);

        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out _);

        Assert.Equal(NeuralWeightsErrorKind.NonFiniteWeight, error.Kind);
        Assert.StartsWith("The weights file holds a weight that is infinite or not a number: block 1's MLP weight [3, 5], parameter ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".abdce", "symbol 4 (U+0063) does not follow symbol 3 (U+0064) in increasing order")]
    [InlineData(".abcd.", "symbol 5 (U+002E) does not follow symbol 4 (U+0064) in increasing order")]
    [InlineData("b.abcd", "symbol 3 (U+0062) is also the boundary token's stand-in")]
    public void A_bad_alphabet_names_the_symbol(string alphabet, string problem)
    {
        byte[] file = NeuralWeightsWriter.Write(Shape, alphabet, Parameters(), string.Empty, NeuralElementType.Float32);

        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out _);

        Assert.Equal(NeuralWeightsErrorKind.InvalidAlphabet, error.Kind);
        Assert.Equal($"The weights file's alphabet is invalid: {problem}.", error.Message);
    }

    [Fact]
    public void A_surrogate_in_the_alphabet_is_refused()
    {
        byte[] file = NeuralWeightsWriter.Write(Shape, ".ab" + (char)0xD800 + "de", Parameters(), string.Empty, NeuralElementType.Float32);

        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out _);

        Assert.Equal(NeuralWeightsErrorKind.InvalidAlphabet, error.Kind);
        Assert.Equal("The weights file's alphabet is invalid: symbol 3 (U+D800) is a surrogate.", error.Message);
    }

    [Fact]
    public void Half_conversions_agree_with_System_Half_both_ways()
    {
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            Half half = BitConverter.UInt16BitsToHalf((ushort)bits);
            float widened = BitConverter.Int32BitsToSingle(HalfBits.ToSingleBits((ushort)bits));
            if (Half.IsNaN(half))
            {
                Assert.True(float.IsNaN(widened));
                continue;
            }

            Assert.Equal((float)half, widened);
        }

        var random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            // Every exponent, normal and subnormal halves, overflow and underflow included.
            float value = BitConverter.Int32BitsToSingle(random.Next());
            if (float.IsNaN(value))
            {
                continue;
            }

            Assert.Equal(BitConverter.HalfToUInt16Bits((Half)value), HalfBits.FromSingleBits(BitConverter.SingleToInt32Bits(value)));
        }
    }

    private static float[] Parameters()
    {
        var random = new Random(1);
        return Enumerable.Range(0, Shape.ParameterCount).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    }

    private static byte[] Write(string description = "x") => NeuralWeightsWriter.Write(Shape, Alphabet, Parameters(), description, NeuralElementType.Float32);
}
