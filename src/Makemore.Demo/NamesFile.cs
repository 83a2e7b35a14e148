using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Unicode;

namespace Makemore.Demo;

/// <summary>Reads any names list a command is given, saying in one line why a path will not do.</summary>
/// <remarks>
/// A list is read as the compiler reads an AdditionalFiles item, so that a file the generator compiles is one the
/// tool reads, and the other way round: the encoding its byte order mark names (UTF-8, UTF-16 or UTF-32, little or
/// big endian), else strict UTF-8. Bytes that are not UTF-8 are refused, naming the first, where the compiler on
/// Linux and macOS reads them as U+FFFD (and the generator then reports MM0016).
/// </remarks>
internal static class NamesFile
{
    // Longest first: UTF-32 LE's mark starts with UTF-16 LE's.
    private static readonly (byte[] Mark, Encoding Encoding)[] ByteOrderMarks =
    [
        ([0xFF, 0xFE, 0x00, 0x00], new UTF32Encoding(bigEndian: false, byteOrderMark: true)),
        ([0x00, 0x00, 0xFE, 0xFF], new UTF32Encoding(bigEndian: true, byteOrderMark: true)),
        ([0xEF, 0xBB, 0xBF], new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)),
        ([0xFF, 0xFE], new UnicodeEncoding(bigEndian: false, byteOrderMark: true)),
        ([0xFE, 0xFF], new UnicodeEncoding(bigEndian: true, byteOrderMark: true)),
    ];

    /// <summary>Reads <paramref name="file"/>: null when it could be read, else why not, in one line.</summary>
    public static string? Read(FileInfo file, out string text)
    {
        text = string.Empty;
        if (Directory.Exists(file.FullName))
        {
            return $"{file.FullName} is a directory, not a names list.";
        }

        if (!file.Exists)
        {
            return $"{file.FullName} does not exist.";
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {file.FullName}: {e.Message}";
        }

        return Decode(bytes, file.FullName, out text);
    }

    /// <summary>The text of a list's bytes (without its byte order mark): null when they are text, else why not, in one line.</summary>
    public static string? Decode(byte[] bytes, string path, out string text)
    {
        foreach ((byte[] mark, Encoding encoding) in ByteOrderMarks)
        {
            if (bytes.AsSpan().StartsWith(mark))
            {
                // As the compiler does, a sequence the encoding cannot decode becomes U+FFFD, which the parser reports.
                text = encoding.GetString(bytes, mark.Length, bytes.Length - mark.Length);
                return null;
            }
        }

        char[] chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            OperationStatus status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                text = string.Empty;
                return $"{path} is not UTF-8 text: byte 0x{bytes[read]:X2} at offset {read} is not valid UTF-8 (a file in Latin-1 or another code page, or not text at all); save the names list as UTF-8, or as UTF-16 with a byte order mark.";
            }

            text = new string(chars, 0, written);
            return null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
