using System;
using System.IO;
using Makemore.Demo;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary>
/// The demo as a user meets it: every bad argument is one line on stderr and exit code 2, nothing on stdout,
/// never a stack trace. Run in-process through <see cref="Cli.Run"/>, which is what Program.cs calls.
/// </summary>
public sealed class CliTests
{
    private static readonly string MissingDirectory = Path.Combine(Path.GetTempPath(), "makemore-missing-" + Guid.NewGuid().ToString("N"));

    private static readonly string ThreeNames = WriteThreeNames();

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["train", "--steps", "abc"], "error: --steps must be a whole number from 1 to 1000000; got 'abc'." },
        { ["train", "--steps", "0"], "error: --steps must be a whole number from 1 to 1000000; got '0'." },
        { ["--count", "-1"], "error: --count must be a whole number from 0 to 100000; got '-1'." },
        { ["--count", "x"], "error: --count must be a whole number from 0 to 100000; got 'x'." },
        { ["train", "--count", "99999999999"], "error: --count must be a whole number from 0 to 100000; got '99999999999'." },
        { ["--seed", "-5"], "error: --seed must be a whole number from 0 to 18446744073709551615; got '-5'." },
        { ["train", "--lr", "nan"], "error: --lr must be a finite number > 0; got 'nan'." },
        { ["train", "--lr", "-1"], "error: --lr must be a finite number > 0; got '-1'." },
        { ["train", "--lr", "0"], "error: --lr must be a finite number > 0; got '0'." },
        { ["train", "--lr", "Infinity"], "error: --lr must be a finite number > 0; got 'Infinity'." },
        { ["train", "--lambda", "x"], "error: --lambda must be a finite number ≥ 0; got 'x'." },
        { ["train", "--lambda", "-0.01"], "error: --lambda must be a finite number ≥ 0; got '-0.01'." },
        { ["train", "--gradient", "bogus"], "error: --gradient must be PerExample or Grouped; got 'bogus'." },
        { ["train", "--gradient", "1"], "error: --gradient must be PerExample or Grouped; got '1'." },
        { ["--bogus"], "error: Unrecognized command or argument '--bogus'." },
        { ["train", "--count", "1", "--count", "2"], "error: Option '--count' expects a single argument but 2 were provided." },
        { ["lecture", "--data", "/nonexistent"], "error: /nonexistent does not exist (the lecture's names.txt is in ../shared/data/ beside the project root)." },
        { ["lecture", "--data", Path.GetTempPath()], "is a directory, not the lecture's names.txt." },
        {
            ["lecture", "--data", Path.Combine(AppContext.BaseDirectory, "data", "names.txt")],
            "is not the lecture's names.txt: expected 32,033 names, sha256 0a30b5557f19…; found 32,257 names, sha256 71779929036a…."
        },
        { ["lecture", "--data", ThreeNames], "is not the lecture's names.txt: expected 32,033 names, sha256 0a30b5557f19…; found 3 names, sha256 " },
        {
            ["plot", "--output", Path.Combine(MissingDirectory, "x.png")],
            $"error: cannot write {Path.Combine(MissingDirectory, "x.png")}: the directory {MissingDirectory} does not exist."
        },
        { ["plot", "--output", Path.GetTempPath()], "is a directory; give a file name such as bigram-counts.png." },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_is_one_line_on_stderr_and_exit_code_2(string[] args, string expected)
        => CliRun.AssertOneErrorLine(args, expected);

    [Fact]
    public void A_missing_output_directory_is_not_created()
    {
        CliRun.Run(["plot", "--output", Path.Combine(MissingDirectory, "x.png")]);

        Assert.False(Directory.Exists(MissingDirectory));
    }

    [Fact]
    public void Each_parse_error_is_a_line_of_its_own_without_the_help()
    {
        // Outside `train`, --steps is unknown, and so is its value: two errors, two lines, no usage text.
        (int exitCode, string stdout, string stderr) = CliRun.Run(["--steps", "abc"]);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(
            ["error: Unrecognized command or argument '--steps'.", "error: Unrecognized command or argument 'abc'."],
            stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Help_goes_to_stdout_with_the_exit_codes()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["--help"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("Exit codes: 0 success; 2 bad arguments", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "makemore [command] [options]")]
    [InlineData(new[] { "sample", "--help" }, "makemore sample [options]")]
    public void Help_names_the_tools_command_not_its_assembly(string[] args, string usage)
    {
        (int exitCode, string stdout, _) = CliRun.Run(args);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:\n  " + usage, stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("Makemore.Demo", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_version_alone()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["--version"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        Assert.Matches(@"^\d+\.\d+\.\d+\S*\s*$", stdout);
    }

    [Fact]
    public void The_summary_writes_to_stdout_only()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["--count", "3", "--seed", "7"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        // Spectre.Console may style the number (ANSI), so the words and the number are looked for apart.
        Assert.Contains("Average negative log-likelihood on the data", stdout, StringComparison.Ordinal);
        Assert.Contains("2.454951", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_tags_its_names_by_the_part_of_the_lectures_split_that_holds_them()
    {
        // The default seed's first ten order-6 names: one is a name of the train part, one of dev, eight are new.
        (int exitCode, string stdout, _) = CliRun.Run(["--count", "10"]);

        Assert.Equal(0, exitCode);
        // Spectre.Console styles "new" (ANSI), so the escapes are dropped first.
        string plain = System.Text.RegularExpressions.Regex.Replace(stdout, @"\x1b\[[0-9;]*m", string.Empty);
        Assert.Matches(@"│ 1 +│ ge +│ new +│ hansel +│ in train │", plain);
        Assert.Contains("train / dev / test / new: bigram 0 / 0 / 0 / 10, order 6 1 / 1 / 0 / 8", plain, StringComparison.Ordinal);
    }

    [LectureFact]
    public void The_lectures_file_is_accepted()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["lecture", "--data", Environment.GetEnvironmentVariable(LectureData.Variable)!]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("2.454577", stdout, StringComparison.Ordinal);
    }

    private static string WriteThreeNames()
    {
        // Beside the test assembly, overwritten on each run rather than left behind in the temp directory.
        string path = Path.Combine(AppContext.BaseDirectory, "three-names.txt");
        File.WriteAllText(path, "ann\nbob\ncid\n");
        return path;
    }
}
