using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Makemore.Tests.Demo;
using Xunit;

namespace Makemore.Tests.Docs;

/// <summary>
/// Every <c>$ makemore …</c> line of the console blocks of README.md and docs/*.md, run in-process with the demo's
/// command line (the tool's own program), must print exactly the lines shown under it: the docs' output is a run,
/// not a sketch.
/// </summary>
public sealed class ReadmeCommandTests
{
    public static TheoryData<string> Commands() => new(ReadmeExamples().Select(e => e.Command));

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_makemore_command_of_the_docs_prints_what_the_docs_show(string command)
    {
        (string _, string expected) = ReadmeExamples().Single(e => e.Command == command);
        string root = RepositoryFiles.Root();
        // Words split at spaces as a shell splits them, a double-quoted one ("San ") kept whole; paths from the root.
        string[] args = DocFiles.ShellWords(command)
            .Select(a => a.StartsWith("data/", StringComparison.Ordinal) || a.StartsWith("tests/", StringComparison.Ordinal) ? Path.Combine(root, a) : a)
            .ToArray();

        (int exitCode, string stdout, string stderr) = CliRun.Run(args);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, exitCode);
        Assert.Equal(expected, stdout.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n'));
    }

    [Fact]
    public void The_docs_show_makemore_commands_with_their_output() => Assert.True(ReadmeExamples().Count >= 3);

    private static List<(string Command, string Output)> ReadmeExamples()
    {
        var examples = new List<(string, string)>();
        foreach (DocBlock block in DocFiles.Blocks("console"))
        {
            string[] lines = block.Text.TrimEnd('\n').Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("$ makemore ", StringComparison.Ordinal))
                {
                    continue;
                }

                int end = i + 1;
                while (end < lines.Length && !lines[end].StartsWith("$ ", StringComparison.Ordinal))
                {
                    end++;
                }

                examples.Add((lines[i]["$ makemore ".Length..], string.Join('\n', lines[(i + 1)..end])));
            }
        }

        return examples;
    }
}
