using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Makemore.Tests.Demo;
using Xunit;

namespace Makemore.Tests.Docs;

/// <summary>
/// Every command of the sh blocks of README.md and docs/*.md runs: a <c>makemore …</c> or
/// <c>dotnet run --project src/Makemore.Demo …</c> line in-process with the tool's own command line (exit code 0,
/// nothing on stderr), a script of the repository as a process; any other command must be one the CI scripts run, or
/// one named below with the reason no test runs it. A command the docs gain that none of these covers fails.
/// </summary>
public sealed class DocCommandTests
{
    private const string DemoRun = "dotnet run --project src/Makemore.Demo";

    /// <summary>Commands no test runs in-process: where they run instead (a CI script, checked to hold them), or why not.</summary>
    private static readonly (string Prefix, string? Script, string Reason)[] RunElsewhere =
    [
        ("dotnet test", ".ci/run", "the whole suite"),
        ("dotnet pack src/Makemore.Demo -c Release -o", ".ci/package-test", "packs the tool"),
        ("dotnet tool install --tool-path", ".ci/package-test", "installs the tool from the local feed"),
        ("dotnet add package Makemore", null, "needs nuget.org; .ci/package-test builds projects that reference the package from a local feed"),
        ("dotnet run -c Release --project bench/Makemore.Benchmarks", null, "minutes of measurement; dotnet test builds the project"),
        ("MAKEMORE_LECTURE_NAMES=", null, "the benchmarks' full run on the lecture's names"),
        ("bench/lists/fetch-lists.sh", null, "downloads npm packages"),
        ("python3 bench/pytorch/", null, "needs PyTorch"),
    ];

    private static readonly string Output = Directory.CreateTempSubdirectory("makemore-doc-commands-").FullName;

    public static TheoryData<string> ToolCommands() => new(Commands().Where(c => IsTool(c) && !NeedsLecture(c)));

    public static TheoryData<string> LectureToolCommands() => new(Commands().Where(c => IsTool(c) && NeedsLecture(c)));

    public static TheoryData<string> OtherCommands() => new(Commands().Where(c => !IsTool(c)));

    [Theory]
    [MemberData(nameof(ToolCommands))]
    public void A_makemore_command_of_the_docs_runs(string command) => AssertRuns(command);

    [LectureTheory]
    [MemberData(nameof(LectureToolCommands))]
    public void A_makemore_command_of_the_docs_on_the_lectures_names_runs(string command) => AssertRuns(command);

    [Theory]
    [MemberData(nameof(OtherCommands))]
    public void Any_other_command_of_the_docs_runs_here_or_in_CI_or_says_why_not(string command)
    {
        if (command.StartsWith("docs/", StringComparison.Ordinal) && command.EndsWith(".sh", StringComparison.Ordinal))
        {
            (int exitCode, string stdout, string stderr) = RunScript(command);
            Assert.True(exitCode == 0, $"{command} exited with {exitCode}: {stderr}");
            Assert.Contains("src/Makemore.Runtime/", stdout, StringComparison.Ordinal);
            return;
        }

        var known = RunElsewhere.Where(e => command.StartsWith(e.Prefix, StringComparison.Ordinal)).ToList();
        Assert.True(known.Count > 0, $"No test runs \"{command}\": run it in DocCommandTests, or name where it runs and why in RunElsewhere.");
        foreach (var (prefix, script, _) in known.Where(k => k.Script is not null))
        {
            Assert.Contains(prefix, File.ReadAllText(Path.Combine(RepositoryFiles.Root(), script!)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_README_starts_with_the_two_commands_CI_runs()
    {
        DocBlock first = DocFiles.Blocks("sh").First(b => b.File == "README.md");
        Assert.Equal([DemoRun, "dotnet test"], Lines(first.Text).ToArray());
        string ci = File.ReadAllText(Path.Combine(RepositoryFiles.Root(), ".ci", "run"));
        Assert.Contains("\n" + DemoRun + "\n", ci, StringComparison.Ordinal);
        Assert.Contains("\ndotnet test\n", ci, StringComparison.Ordinal);
    }

    [Fact]
    public void The_README_shows_the_tool_in_five_lines()
        => Assert.Equal(5, DocFiles.Blocks("sh").Where(b => b.File == "README.md").SelectMany(b => Lines(b.Text)).Count(l => l.StartsWith("makemore ", StringComparison.Ordinal)));

    [Fact]
    public void A_failing_command_fails_the_check()
        => Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertRuns("makemore sample --data data/no-such-list.txt"));

    private static void AssertRuns(string command)
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(Arguments(command));
        Assert.True(exitCode == 0 && stderr.Length == 0, $"\"{command}\" exited with {exitCode}: {stderr}");
        Assert.NotEqual(string.Empty, stdout);
    }

    /// <summary>The tool's arguments: paths of the repository from its root, files written into a folder of the test's, the lecture's file from its variable.</summary>
    private static string[] Arguments(string command)
    {
        string root = RepositoryFiles.Root();
        string[] words = DocFiles.ShellWords(command);
        int start = command.StartsWith(DemoRun, StringComparison.Ordinal) ? Array.IndexOf(words, "--") + 1 : 1;
        if (start == 0)
        {
            return []; // the main job
        }

        var args = new List<string>();
        for (int i = start; i < words.Length; i++)
        {
            string word = words[i];
            if (i > start && words[i - 1] is "--output" or "--out")
            {
                word = Path.Combine(Output, Path.GetFileName(word));
            }
            else if (word == "$" + LectureData.Variable)
            {
                word = Environment.GetEnvironmentVariable(LectureData.Variable)!;
            }
            else if (word.StartsWith("data/", StringComparison.Ordinal) || word.StartsWith("tests/", StringComparison.Ordinal))
            {
                word = Path.Combine(root, word);
            }

            args.Add(word);
        }

        return [.. args];
    }

    private static (int ExitCode, string Stdout, string Stderr) RunScript(string command)
    {
        string[] words = DocFiles.ShellWords(command);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root() };
        foreach (string word in words)
        {
            start.ArgumentList.Add(word);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), command + " did not end within a minute");
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static bool IsTool(string command) =>
        command.StartsWith("makemore ", StringComparison.Ordinal) || command == DemoRun || command.StartsWith(DemoRun + " -- ", StringComparison.Ordinal);

    private static bool NeedsLecture(string command) => command.Contains("$" + LectureData.Variable, StringComparison.Ordinal);

    /// <summary>Every command of every sh block, once.</summary>
    private static IEnumerable<string> Commands() =>
        DocFiles.Blocks("sh").SelectMany(b => Lines(b.Text)).Distinct(StringComparer.Ordinal);

    /// <summary>A block's commands: its lines without comments (a whole line, or after two spaces and '#').</summary>
    private static IEnumerable<string> Lines(string block) =>
        block.Split('\n')
            .Select(line => Regex.Replace(line, @"\s{2,}#.*$", string.Empty).Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'));
}

/// <summary>A theory that needs the lecture's file: skipped, with the reason, when MAKEMORE_LECTURE_NAMES is unset.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LectureTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the file is unavailable.</summary>
    public LectureTheoryAttribute() => Skip = LectureData.SkipReason;
}
