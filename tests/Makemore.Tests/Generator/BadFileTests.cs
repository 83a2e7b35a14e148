using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// Files that are not names lists at all must end the build quickly with a few clear errors: a build that reported one
/// error per bad line stalled for minutes (a 100,000-line tab-separated file; the lecture's file saved as UTF-16).
/// The files are given as bytes and decoded as the compiler decodes them.
/// </summary>
public class BadFileTests
{
    private const string Path = "/project/names.txt";

    private static readonly Lazy<string> LectureText = new(() =>
        File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "data", "names.txt")));

    private static ImmutableArray<Diagnostic> Run(byte[] bytes)
    {
        var (output, diagnostics, driver) = GeneratorHarness.Run([TestAdditionalText.FromBytes(Path, bytes)]);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal));
        Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.All(diagnostics, d => Assert.Equal(Path, d.Location.GetLineSpan().Path));
        return diagnostics;
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_tab_separated_file_reports_the_first_100_errors_and_then_how_many_more()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 100_000; i++)
        {
            text.Append("emma\t").Append(i).Append('\n');
        }

        ImmutableArray<Diagnostic> diagnostics = Run(Encoding.UTF8.GetBytes(text.ToString()));

        Assert.Equal(101, diagnostics.Length);
        Assert.All(diagnostics.Take(100), d => Assert.Equal("MM0003", d.Id));
        Assert.Equal(99, diagnostics[99].Location.GetLineSpan().StartLinePosition.Line); // the first 100 lines, in order
        Assert.Equal("MM0017", diagnostics[100].Id);
        Assert.Contains("and 99900 more errors in this file (only the first 100 are reported)", Message(diagnostics[100]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_lecture_file_saved_as_UTF16_without_a_byte_order_mark_is_one_MM0016()
    {
        ImmutableArray<Diagnostic> diagnostics = Run(Encoding.Unicode.GetBytes(LectureText.Value));

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("MM0016", diagnostic.Id);
        Assert.Equal((0, 1), (diagnostic.Location.GetLineSpan().StartLinePosition.Line, diagnostic.Location.GetLineSpan().StartLinePosition.Character));
        Assert.Contains("U+0000", Message(diagnostic), StringComparison.Ordinal);
        Assert.Contains("UTF-16", Message(diagnostic), StringComparison.Ordinal);
    }

    [Fact]
    public void UTF16_and_UTF8_with_a_byte_order_mark_are_read_as_text()
    {
        foreach (Encoding encoding in new Encoding[] { Encoding.Unicode, Encoding.BigEndianUnicode, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true) })
        {
            byte[] bytes = [.. encoding.GetPreamble(), .. encoding.GetBytes("emma\nzoë\n")];
            var (output, diagnostics, _) = GeneratorHarness.Run([TestAdditionalText.FromBytes(Path, bytes)]);
            Assert.Empty(diagnostics);
            Assert.Single(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Latin1_bytes_that_are_not_UTF8_are_one_MM0016_at_the_first_bad_byte()
    {
        // "emma\nZoë\n" in Latin-1: 0xEB is not UTF-8. On Linux and macOS the compiler's fallback decodes it as U+FFFD;
        // on Windows its fallback is the system code page, which reads it as 'ë', and the list builds.
        byte[] bytes = Encoding.Latin1.GetBytes("emma\nZoë\n");
        var (_, diagnostics, _) = GeneratorHarness.Run([TestAdditionalText.FromBytes(Path, bytes)]);
        if (OperatingSystem.IsWindows())
        {
            Assert.Empty(diagnostics);
            return;
        }

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("MM0016", diagnostic.Id);
        Assert.Equal((1, 2), (diagnostic.Location.GetLineSpan().StartLinePosition.Line, diagnostic.Location.GetLineSpan().StartLinePosition.Character));
        Assert.Contains("U+FFFD", Message(diagnostic), StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_file_is_one_MM0016()
    {
        byte[] bytes = new byte[4096];
        new Random(7).NextBytes(bytes); // no two NULs in a row: the compiler decodes it, replacing what is not UTF-8
        Diagnostic diagnostic = Assert.Single(Run(bytes));
        Assert.Equal("MM0016", diagnostic.Id);
    }

    [Fact]
    public void A_binary_file_the_compiler_refuses_to_decode_is_MM0014()
    {
        // Not UTF-8, and two NULs in a row: the compiler takes it for binary and hands the generator no text.
        byte[] bytes = [0xFF, 0x00, 0x00, 0x41];
        Diagnostic diagnostic = Assert.Single(Run(bytes));
        Assert.Equal("MM0014", diagnostic.Id);
    }

    [Fact]
    public void Mostly_control_characters_without_NUL_is_one_MM0016()
    {
        string text = string.Concat(Enumerable.Range(0, 64).Select(i => "a" + (char)(1 + (i % 8))));
        Diagnostic diagnostic = Assert.Single(Run(Encoding.UTF8.GetBytes(text)));
        Assert.Equal("MM0016", diagnostic.Id);
        Assert.Contains("U+0001", Message(diagnostic), StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_control_characters_are_each_MM0003()
    {
        ImmutableArray<Diagnostic> diagnostics = Run(Encoding.UTF8.GetBytes("emma\nan\u0001na\nzo\u0002e\nava\n"));
        Assert.Equal(["MM0003", "MM0003"], diagnostics.Select(d => d.Id));
    }
}
