using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Makemore.Evaluation;
using Makemore.Lecture;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>
/// The lecture series' evaluation, for count models: the names split as its notebooks split them, a model of
/// each order and smoothing counted from the train part, its loss on each part and how often it copies a
/// training name, beside the losses the series published for its networks.
/// </summary>
internal static class EvaluateCommand
{
    public sealed record Settings(FileInfo Data, WholeRange Orders, int Samples, ulong Seed);

    private static readonly (string Label, string Title, Smoothing Smoothing)[] Smoothings =
    [
        ("α=1", "additive, α = 1 (the lecture's)", Smoothing.Additive(1)),
        ("Kneser–Ney", "Kneser–Ney (self-tuned)", Smoothing.KneserNey),
    ];

    public static int Run(IAnsiConsole console, TextWriter error, Settings settings)
    {
        if (NamesFile.Read(settings.Data, out string text) is { } problem)
        {
            return Usage(error, problem);
        }

        LectureSplit split;
        try
        {
            split = LectureSplit.FromText(text);
        }
        catch (ArgumentException e)
        {
            return Usage(error, $"{settings.Data.FullName} is not a names list: {Cli.OneLine(e)}");
        }

        if (split.Dev.IsEmpty || split.Test.IsEmpty)
        {
            return Usage(error, $"{settings.Data.FullName} has {split.Train.Length + split.Dev.Length + split.Test.Length} names; the 80/10/10 split needs at least 10.");
        }

        var stopwatch = Stopwatch.StartNew();
        List<EvaluationResult> results;
        try
        {
            results = Measure(console, split, settings);
        }
        catch (ArgumentException e)
        {
            // A development or test name with a character no training name has: the data, not the program.
            return Usage(error, Cli.OneLine(e));
        }

        stopwatch.Stop();

        // Written once every model is measured, so that bad data leaves stdout empty (its one line is on stderr).
        console.Write(new Rule($"[bold]Count models on the lecture's split[/] of {Markup.Escape(settings.Data.Name)}").LeftJustified());
        console.WriteLine(
            $"random.seed({LectureSplit.Seed}); random.shuffle(words); 80/10/10 — names (tokens): train {Part(split.Train)}, dev {Part(split.Dev)}, test {Part(split.Test)}");

        // Side by side on a wide terminal, one above the other in 80 columns.
        console.Write(new Columns(Smoothings.Select(s => ResultsTable(results, s.Title, s.Smoothing))).Collapse());
        console.WriteLine(
            $"NLL: average negative log-likelihood per token (nats) of a model counted from the train part. * best order on dev. copies: share of {N(settings.Samples)} sampled names (seed {settings.Seed}) that are training names.");

        console.Write(PublishedTable());
        console.MarkupLine($"[grey]{results.Count} models built, scored and sampled in {stopwatch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s.[/]");
        return ExitCode.Success;
    }

    private static List<EvaluationResult> Measure(IAnsiConsole console, LectureSplit split, Settings settings)
    {
        var jobs = Enumerable.Range(settings.Orders.From, settings.Orders.Count)
            .SelectMany(order => Smoothings.Select(s => (Order: order, s.Label, s.Smoothing)))
            .ToList();
        // High orders take seconds each (Kneser–Ney tunes itself on folds of the train part).
        return TerminalProgress.Run(
            console,
            $"order {jobs[0].Order}, {jobs[0].Label}",
            jobs.Count,
            stepDone =>
            {
                var results = new List<EvaluationResult>(jobs.Count);
                for (int i = 0; i < jobs.Count; i++)
                {
                    var job = jobs[i];
                    results.Add(ModelEvaluation.Evaluate(split, job.Order, job.Smoothing, settings.Samples, settings.Seed));
                    stepDone(i + 1 < jobs.Count ? $"order {jobs[i + 1].Order}, {jobs[i + 1].Label}" : "done");
                }

                return results;
            });
    }

    /// <summary>One table per smoothing: a single table of both would not fit 80 columns.</summary>
    private static Table ResultsTable(List<EvaluationResult> results, string title, Smoothing smoothing)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        table.AddColumns("order", "train", "dev", "test", "copies");
        var rows = results.Where(r => r.Smoothing == smoothing).ToList();
        EvaluationResult best = rows.MinBy(r => r.DevLoss)!;
        foreach (EvaluationResult r in rows)
        {
            table.AddRow(
                r.Order.ToString(CultureInfo.InvariantCulture),
                F(r.TrainLoss),
                F(r.DevLoss) + (ReferenceEquals(r, best) ? " *" : "  "),
                F(r.TestLoss),
                P(r.CopyShare));
        }

        return table;
    }

    private static Table PublishedTable()
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title("published by the lecture series (nn-zero-to-hero notebooks)")
            .Caption("same split from part 2 on; no test losses were published");
        table.AddColumns("model", "lecture", "train", "dev (val)");
        foreach (PublishedResults.Result r in PublishedResults.All)
        {
            table.AddRow(Markup.Escape(r.Model), Markup.Escape(r.Where), Published(r.Train), Published(r.Dev));
        }

        return table;
    }

    private static string Published(double? loss) => loss is { } value ? F(value) : "—";

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine($"error: {problem}");
        return ExitCode.Usage;
    }

    private static string Part(IReadOnlyList<string> part) =>
        $"{N(part.Count)} ({N(LectureSplit.TokenCount(part))})";

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string P(double share) => (share * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
