using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>
/// The demo's entry, over any pair of writers so that tests run it in-process. Results go to
/// <c>output</c> (through Spectre.Console); every failure is one plain line on <c>error</c>, never a stack
/// trace, never help text, and never through the Spectre console, whose markup and progress bars own stdout.
/// </summary>
internal static class Cli
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        try
        {
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            ParseResult parse = CliCommands.Create(console, output, error).Parse(args);

            // System.CommandLine's own error action prints the errors and then the whole help; one line per error
            // says more. (--help and --version clear parse errors, so `train --steps x --help` still shows help.)
            // An option shared by the root and `train` reports some errors once for each: one line is enough.
            if (parse.Action is ParseErrorAction)
            {
                foreach (string message in parse.Errors.Select(e => OneLine(e.Message)).Distinct(StringComparer.Ordinal))
                {
                    error.WriteLine($"error: {message}");
                }

                return ExitCode.Usage;
            }

            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (Report(e, error))
        {
            return ExitCode.Failure;
        }
    }

    [SuppressMessage("Design", "CA1031", Justification = "The CLI boundary: anything unexpected becomes one line and exit code 1.")]
    private static bool Report(Exception e, TextWriter error)
    {
        error.WriteLine($"error: {e.GetType().Name}: {OneLine(e.Message)}");
        return true;
    }

    /// <summary>An exception's message in one line, without the " (Parameter 'name')" an argument exception appends.</summary>
    internal static string OneLine(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name } && message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal))
        {
            message = message[..^$" (Parameter '{name}')".Length];
        }

        return OneLine(message);
    }

    internal static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
