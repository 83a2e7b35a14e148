using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Makemore.Tests.Data;

/// <summary>The committed sample lists are what tests assume: non-empty UTF-8 without a BOM, LF line ends.</summary>
public class ListFilesTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static TheoryData<string> Lists() => new(TestLists.Names());

    [Theory]
    [MemberData(nameof(Lists))]
    public void Is_non_empty_utf8_without_bom_with_lf_line_ends(string name)
    {
        byte[] bytes = File.ReadAllBytes(TestLists.PathOf(name));

        Assert.NotEmpty(bytes);
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{name} starts with a UTF-8 byte order mark");
        string text = StrictUtf8.GetString(bytes); // throws on invalid UTF-8
        int cr = text.IndexOf('\r', StringComparison.Ordinal);
        Assert.True(cr < 0, $"{name} holds a carriage return at char {cr}");
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Equal(text[..^1].Split('\n'), TestLists.Lines(name));
    }

    [Fact]
    public void Every_list_in_the_source_folder_is_copied_and_described_in_its_readme()
    {
        string source = Path.Combine(Docs.RepositoryFiles.Root(), "tests", "Makemore.Tests", "Data", "Lists");
        string readme = File.ReadAllText(Path.Combine(source, "README.md"));
        string[] committed = Directory.EnumerateFiles(source, "*.txt").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Order(StringComparer.Ordinal).ToArray();

        Assert.NotEmpty(committed);
        Assert.Equal(committed, TestLists.Names());
        Assert.All(committed, name => Assert.Contains("## " + name + ".txt", readme, StringComparison.Ordinal));
    }
}
