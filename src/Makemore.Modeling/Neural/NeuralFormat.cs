// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
// Keep it free of APIs that netstandard2.0 lacks (ranges, Half, BitConverter.Int32BitsToSingle, generic math, …).
namespace Makemore.Modeling.Neural;

/// <summary>
/// The transformer weights file, format 1: what <c>makemore train --model transformer</c> writes and the runtime and
/// the generator read. Every number is little-endian.
/// </summary>
/// <remarks>
/// <code>
/// offset  size  field
///      0     8  magic: 0x89 'M' 'M' 'T' 'F' '\r' '\n' 0x1A (non-ASCII first byte, CR LF and ^Z: a text-mode copy breaks it)
///      8     4  format version (uint32, 1)
///     12     4  data offset: where the tensors start (uint32, a multiple of 64)
///     16     4  element type of the tensors (uint32, <see cref="NeuralElementType"/>)
///     20     4  layers
///     24     4  heads
///     28     4  embedding size
///     32     4  context (positions; a name has at most context − 1 characters)
///     36     4  vocabulary: symbols, the boundary token included
///     40     4  layer norm epsilon (float32)
///     44     4  description length in bytes (UTF-8)
///     48  2·V   alphabet: V UTF-16 code units; index 0 stands for the boundary (start/end) token, 1…V−1 strictly increasing
///      …     D  description (UTF-8): how the weights were made
///      …        zero padding up to the data offset
///   data  P·e   the P parameters in <see cref="NeuralLayout"/> order, e = 4 (float32) or 2 (float16) bytes each
///    end     8  FNV-1a 64 checksum of every byte before it
/// </code>
/// Matrices are stored input-major (<c>[in, out]</c>, row-major): <c>y = x · W + b</c>, so that a matrix–vector
/// product reads the weights row after row and a matrix–matrix product streams them once for a whole batch.
/// </remarks>
internal static class NeuralFormat
{
    /// <summary>The version this code writes and the newest it reads.</summary>
    public const uint CurrentVersion = 1;

    /// <summary>Bytes of the fixed part of the header, before the alphabet.</summary>
    public const int FixedHeaderLength = 48;

    /// <summary>The data offset is a multiple of this, so that the tensors start on a cache line of the file.</summary>
    public const int DataAlignment = 64;

    /// <summary>Bytes of the trailing checksum.</summary>
    public const int ChecksumLength = 8;

    /// <summary>Most symbols an alphabet may hold (symbol indices fit a <see cref="ushort"/>).</summary>
    public const int MaxVocabulary = 65536;

    /// <summary>Most layers a file may declare.</summary>
    public const int MaxLayers = 256;

    /// <summary>Largest embedding size a file may declare.</summary>
    public const int MaxEmbedding = 8192;

    /// <summary>Most positions a file may declare.</summary>
    public const int MaxContext = 65536;

    /// <summary>Most parameters a file may hold (a gigabyte of float32).</summary>
    public const long MaxParameters = 1L << 28;

    /// <summary>Longest description, in bytes.</summary>
    public const int MaxDescriptionLength = 65536;

    /// <summary>The usual file name extension.</summary>
    public const string Extension = ".weights";

    /// <summary>The eight bytes every weights file starts with.</summary>
    public static readonly byte[] Magic = { 0x89, (byte)'M', (byte)'M', (byte)'T', (byte)'F', (byte)'\r', (byte)'\n', 0x1A };
}

/// <summary>How the tensors of a weights file are stored.</summary>
internal enum NeuralElementType
{
    /// <summary>IEEE 754 binary32, 4 bytes a parameter.</summary>
    Float32 = 0,

    /// <summary>IEEE 754 binary16, 2 bytes a parameter (rounded to nearest even when written).</summary>
    Float16 = 1,
}
