using System;
using System.IO;
using System.Text;
using System.Threading;
using Makemore.Demo;
using Spectre.Console;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary>
/// The tool's progress bar: on a terminal, only for work that is still running after a second; never in a pipe or
/// a file. The result is the work's either way.
/// </summary>
public class TerminalProgressTests
{
    [Fact]
    public void Quick_work_on_a_terminal_shows_no_bar()
    {
        var (console, written) = Console(isTerminal: true);

        int result = TerminalProgress.Run(console, "quick", steps: 3, _ => 42);

        Assert.Equal(42, result);
        Assert.Equal(string.Empty, written.ToString());
    }

    [Fact]
    public void Long_work_on_a_terminal_shows_its_bar()
    {
        var (console, written) = Console(isTerminal: true);

        // The work ends only once the bar shows its step (or after a minute, which fails the test).
        string result = TerminalProgress.Run(console, "long work", steps: 2, stepDone =>
        {
            stepDone("second step");
            bool drawn = SpinWait.SpinUntil(() => written.ToString().Contains("second step", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
            stepDone("done");
            return drawn ? "drawn" : "no bar";
        });

        Assert.Equal("drawn", result);
    }

    [Fact]
    public void Long_work_in_a_pipe_shows_no_bar()
    {
        var (console, written) = Console(isTerminal: false);

        int result = TerminalProgress.Run(console, "long", steps: 0, _ =>
        {
            Thread.Sleep(TerminalProgress.Delay + TimeSpan.FromMilliseconds(300));
            return 7;
        });

        Assert.Equal(7, result);
        Assert.Equal(string.Empty, written.ToString());
    }

    [Fact]
    public void The_works_exception_comes_through()
    {
        var (console, _) = Console(isTerminal: true);

        var exception = Assert.Throws<InvalidOperationException>(() =>
            TerminalProgress.Run<int>(console, "failing", steps: 0, _ => throw new InvalidOperationException("the work's own")));
        Assert.Equal("the work's own", exception.Message);
    }

    private static (IAnsiConsole Console, StringWriter Written) Console(bool isTerminal)
    {
        var written = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new Output(TextWriter.Synchronized(written), isTerminal),
        });
        return (console, written);
    }

    private sealed class Output(TextWriter writer, bool isTerminal) : IAnsiConsoleOutput
    {
        public TextWriter Writer { get; } = writer;

        public bool IsTerminal { get; } = isTerminal;

        public int Width => 80;

        public int Height => 24;

        public void SetEncoding(Encoding encoding)
        {
        }
    }
}
