using System;
using System.IO;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary><c>evaluate</c> on the command line: bad arguments and bad data are one line and exit code 2.</summary>
public sealed class EvaluateCliTests
{
    private static readonly string DefaultList = Path.Combine(AppContext.BaseDirectory, "data", "names.txt");

    private static readonly string ThreeNames = Write("evaluate-three-names.txt", "ann\nbob\ncid\n");

    private static readonly string NotAList = Write("evaluate-not-a-list.txt", "ann\nb\tb\n");

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["evaluate", "--data", DefaultList, "--orders", "0-3"], "error: --orders must be a whole number or a range a-b of them, from 1 to 8; got '0-3'." },
        { ["evaluate", "--data", DefaultList, "--orders", "9"], "got '9'." },
        { ["evaluate", "--data", DefaultList, "--orders", "5-3"], "got '5-3'." },
        { ["evaluate", "--data", DefaultList, "--orders", "2-"], "got '2-'." },
        { ["evaluate", "--data", DefaultList, "--orders", "x"], "got 'x'." },
        { ["evaluate", "--data", DefaultList, "--samples", "0"], "error: --samples must be a whole number from 1 to 1000000; got '0'." },
        { ["evaluate", "--data", DefaultList, "--seed", "-1"], "error: --seed must be a whole number from 0 to 18446744073709551615; got '-1'." },
        { ["evaluate", "--data", "/nonexistent"], "error: /nonexistent does not exist." },
        { ["evaluate", "--data", Path.GetTempPath()], "is a directory, not a names list." },
        { ["evaluate", "--data", ThreeNames], "has 3 names; the 80/10/10 split needs at least 10." },
        { ["evaluate", "--data", NotAList], "is not a names list: " },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_is_one_line_on_stderr_and_exit_code_2(string[] args, string expected)
        => CliRun.AssertOneErrorLine(args, expected);

    [Fact]
    public void The_projects_own_list_is_split_and_measured()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["evaluate", "--data", DefaultList, "--orders", "2", "--samples", "50"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("additive, α = 1", stdout, StringComparison.Ordinal);
        Assert.Contains("Kneser–Ney (self-tuned)", stdout, StringComparison.Ordinal);
        Assert.Contains("1.9937", stdout, StringComparison.Ordinal); // the WaveNet-style net's published val loss
        Assert.Contains(" 2.4", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("star-wars")] // "C-3PO" in test: no training name has '3'
    [InlineData("middle-earth")]
    [InlineData("japanese-surnames")] // most of its 217 characters are in one part only
    [InlineData("pokemon-en")] // '.' is a symbol
    public void A_list_whose_parts_have_characters_of_their_own_is_measured(string list)
    {
        // makemore.py's vocabulary is the whole list's: a character that only a dev or test name has is scored as one
        // the train part never saw, not refused.
        (int exitCode, string stdout, string stderr) = CliRun.Run(["evaluate", "--data", Data.TestLists.PathOf(list), "--orders", "1-5", "--samples", "20"]);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, exitCode);
        Assert.Contains($"{list}.txt", stdout, StringComparison.Ordinal);
        Assert.Contains("Kneser–Ney (self-tuned)", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", stdout, StringComparison.Ordinal);
    }

    private static string Write(string fileName, string text)
    {
        // Beside the test assembly, overwritten on each run rather than left behind in the temp directory.
        string path = Path.Combine(AppContext.BaseDirectory, fileName);
        File.WriteAllText(path, text);
        return path;
    }
}
