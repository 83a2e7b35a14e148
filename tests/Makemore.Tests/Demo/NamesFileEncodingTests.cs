using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary>
/// Every command that reads <c>--data</c> reads a names list as the compiler reads an AdditionalFiles item: by its
/// byte order mark (UTF-8, UTF-16 little or big endian, UTF-32 little or big endian), else as strict UTF-8; a file
/// that is not text is one error line.
/// </summary>
public sealed class NamesFileEncodingTests
{
    // Letters beyond ASCII in every other name, so that the lecture's split (for evaluate) leaves each in train.
    private static readonly string List = string.Concat(System.Linq.Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? $"zoë{(char)('a' + (i % 3))}\n" : $"émile{(char)('a' + (i % 3))}\n"));

    public static TheoryData<string> Encodings => new() { "utf-8-bom", "utf-16le", "utf-16be", "utf-32le", "utf-32be" };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void A_list_with_a_byte_order_mark_samples_and_evaluates_as_its_utf8_copy(string encodingName)
    {
        // Names of one length: evaluate's title rule is as wide as the file name.
        string utf8 = Write($"encoding-{encodingName}-plain.txt", new UTF8Encoding(false).GetBytes(List));
        Encoding encoding = encodingName switch
        {
            "utf-8-bom" => new UTF8Encoding(true),
            "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
            "utf-32le" => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
            _ => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
        };
        string encoded = Write($"encoding-{encodingName}-coded.txt", [.. encoding.GetPreamble(), .. encoding.GetBytes(List)]);

        foreach (string[] command in new[]
        {
            new[] { "sample", "--order", "2", "--count", "20", "--seed", "3", "--format", "json" },
            new[] { "evaluate", "--orders", "1-2", "--samples", "20" },
        })
        {
            (int expectedCode, string expected, string expectedError) = CliRun.Run([.. command, "--data", utf8]);
            (int exitCode, string stdout, string stderr) = CliRun.Run([.. command, "--data", encoded]);
            Assert.Equal(0, expectedCode);
            Assert.Equal(string.Empty, expectedError);
            Assert.Equal(string.Empty, stderr);
            Assert.Equal(0, exitCode);
            Assert.Equal(Comparable(expected.Replace(Path.GetFileName(utf8), Path.GetFileName(encoded), StringComparison.Ordinal)), Comparable(stdout));
        }
    }

    [Fact]
    public void The_compiler_reads_utf16_by_its_mark_at_any_size_and_utf32_only_in_a_large_file_as_docs_diagnostics_says()
    {
        var utf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        var utf32 = new UTF32Encoding(bigEndian: false, byteOrderMark: true);
        string large = string.Concat(System.Linq.Enumerable.Repeat(List, 600)); // some 900 KB in UTF-32, past the compiler's 40 K characters
        foreach (string text in new[] { List, large })
        {
            Assert.Equal(text, AsTheCompilerReadsAFile([.. utf16.GetPreamble(), .. utf16.GetBytes(text)]));
        }

        Assert.Contains('\0', AsTheCompilerReadsAFile([.. utf32.GetPreamble(), .. utf32.GetBytes(List)]));
        Assert.Equal(large, AsTheCompilerReadsAFile([.. utf32.GetPreamble(), .. utf32.GetBytes(large)]));
    }

    /// <summary>
    /// Roslyn's EncodedStringText.Create over a FileStream, as the compiler opens an additional file: a small file's
    /// bytes are decoded by SourceText's own byte order mark check (UTF-8 and UTF-16 only), a large one's by a
    /// StreamReader (which knows UTF-32 too).
    /// </summary>
    private static string AsTheCompilerReadsAFile(byte[] bytes)
    {
        string path = Write("encoding-compiler.txt", bytes);
        System.Reflection.MethodInfo create = typeof(Microsoft.CodeAnalysis.Text.SourceText).Assembly
            .GetType("Microsoft.CodeAnalysis.Text.EncodedStringText", throwOnError: true)!
            .GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)
            .Single(m => m.Name == "Create" && m.GetParameters().Length == 4 && m.GetParameters()[0].ParameterType == typeof(Stream) && m.GetParameters()[1].ParameterType == typeof(Encoding));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return create.Invoke(null, [stream, null, Microsoft.CodeAnalysis.Text.SourceHashAlgorithm.Sha256, false])!.ToString()!;
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_one_error_line_naming_the_first_bad_byte()
    {
        // "zoë" in Latin-1: 0xEB is not UTF-8 on its own.
        string latin1 = Write("encoding-latin1.txt", [(byte)'a', (byte)'n', (byte)'a', (byte)'\n', (byte)'z', (byte)'o', 0xEB, (byte)'\n']);
        foreach (string command in new[] { "sample", "evaluate", "plot" })
        {
            CliRun.AssertOneErrorLine([command, "--data", latin1], "is not UTF-8 text: byte 0xEB at offset 6");
        }
    }

    [Fact]
    public void A_binary_file_is_one_error_line()
    {
        string binary = Write("encoding-binary.bin", [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]);
        CliRun.AssertOneErrorLine(["sample", "--data", binary], "is not UTF-8 text");
        string nuls = Write("encoding-nuls.bin", [(byte)'a', 0, 0, 0, (byte)'b', 0, 0, 0]);
        CliRun.AssertOneErrorLine(["sample", "--data", nuls], "is not a names list");
    }

    /// <summary>The output without evaluate's timing line, which differs from run to run.</summary>
    private static string Comparable(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, @"in [0-9.]+ s\.", "in … s.");

    private static string Write(string fileName, byte[] bytes)
    {
        // Beside the test assembly, overwritten on each run rather than left behind in the temp directory.
        string path = Path.Combine(AppContext.BaseDirectory, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
