using System;
using System.IO;
using Makemore.Demo;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary>The demo's command line run in-process, as Program.cs runs it, and what a bad argument must give.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = Cli.Run(args, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Exit code 2, nothing on stdout, one "error: " line on stderr holding <paramref name="expected"/>, no stack
    /// trace, and no " (Parameter 'name')" of an argument exception's message, which means nothing to a user.
    /// </summary>
    public static void AssertOneErrorLine(string[] args, string expected)
    {
        (int exitCode, string stdout, string stderr) = Run(args);
        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", line, StringComparison.Ordinal);
    }
}
