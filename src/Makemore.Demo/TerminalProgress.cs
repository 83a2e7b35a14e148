using System;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>
/// Work that shows a progress bar only on a terminal, and only once it has run for a second: most runs end sooner,
/// and a bar that flashes by is noise. In a pipe or a file there is never a bar.
/// </summary>
internal static class TerminalProgress
{
    /// <summary>How long work runs before its bar appears.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="work"/> and returns its result. The work calls the action it is given once per step
    /// done, with the next step's description; <paramref name="steps"/> 0 is work without steps (a bar that runs).
    /// </summary>
    public static T Run<T>(IAnsiConsole console, string description, int steps, Func<Action<string>, T> work)
    {
        int done = 0;
        string current = description;
        // A thread of its own, so that the second is the work's, not a wait for a busy thread pool.
        Task<T> task = Task.Factory.StartNew(
            () => work(next =>
            {
                Volatile.Write(ref current, next);
                Interlocked.Increment(ref done);
            }),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        if (console.Profile.Out.IsTerminal && Task.WaitAny([task], Delay) < 0)
        {
            ProgressColumn[] columns = steps > 0
                ? [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()]
                : [new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn()];
            console.Progress()
                .AutoClear(true)
                .Columns(columns)
                .Start(context =>
                {
                    ProgressTask bar = context.AddTask(Markup.Escape(description), maxValue: Math.Max(steps, 1));
                    bar.IsIndeterminate = steps == 0;
                    while (Task.WaitAny([task], TimeSpan.FromMilliseconds(100)) < 0)
                    {
                        bar.Value = Volatile.Read(ref done);
                        bar.Description = Markup.Escape(Volatile.Read(ref current));
                    }

                    bar.StopTask();
                });
        }

        return task.GetAwaiter().GetResult();
    }
}
