using System.IO;
using System.Linq;
using Makemore.Demo;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary>
/// <c>sample --format csv</c>'s fields: RFC 4180 quoting, and no field a spreadsheet would run as a formula (OWASP's
/// CSV injection guidance: a field starting with =, +, -, @, a tab or a carriage return gets a single quote before it
/// and is quoted).
/// </summary>
public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("emma", "emma")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("o\"neil", "\"o\"\"neil\"")]
    [InlineData("=1+2", "\"'=1+2\"")]
    [InlineData("+ab", "\"'+ab\"")]
    [InlineData("-x", "\"'-x\"")]
    [InlineData("@sum", "\"'@sum\"")]
    [InlineData("\tx", "\"'\tx\"")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("=\"a\",b", "\"'=\"\"a\"\",b\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("", "\"\"")]
    public void A_field_is_quoted_when_it_must_be_and_never_starts_a_formula(string value, string expected) =>
        Assert.Equal(expected, CsvField.Escape(value));

    [Fact]
    public void Sampled_names_that_start_like_a_formula_or_are_empty_are_escaped_in_the_output()
    {
        // A unigram model of "=a", "+b", "-c", "@d": every string over those characters, the empty name included.
        string path = Path.Combine(System.AppContext.BaseDirectory, "sample-formula-names.txt");
        File.WriteAllText(path, "=a\n+b\n-c\n@d\n");
        (int exitCode, string stdout, string stderr) = CliRun.Run(["sample", "--data", path, "--order", "1", "--count", "300", "--seed", "5", "--format", "csv"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        string[] rows = stdout.ReplaceLineEndings("\n").Split('\n')[1..^1];
        Assert.Equal(300, rows.Length);
        Assert.DoesNotContain(string.Empty, rows);
        Assert.Contains("\"\"", rows);
        Assert.All(rows, row => Assert.DoesNotMatch("^[=+\\-@]", row));
        Assert.Contains(rows, row => row.StartsWith("\"'=", System.StringComparison.Ordinal));
        Assert.All(rows.Where(row => row.Length > 0 && row[0] != '"'), row => Assert.Matches("^[a-d][=+\\-@a-d]*$", row));
    }
}
