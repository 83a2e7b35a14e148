using System;
using Makemore.Training;
using System.CommandLine;
using System.IO;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>The demo's command tree: the summary (root), <c>train</c>, <c>lecture</c>, <c>evaluate</c> and <c>plot</c>.</summary>
internal static class CliCommands
{
    public const string LectureNamesVariable = "MAKEMORE_LECTURE_NAMES";

    /// <summary>Builds the tree; commands write their results to <paramref name="console"/> and failures to <paramref name="error"/>.</summary>
    public static RootCommand Create(IAnsiConsole console, TextWriter error)
    {
        Option<ulong> seed = CliOptions.WholeNumber("--seed", "Seed of the random generator for sampling (default: the lecture's).", Makemore.PyTorch.LectureReplay.LectureSeed, ulong.MinValue, ulong.MaxValue);
        Option<int> count = CliOptions.WholeNumber("--count", "How many names to sample.", 10, 0, 100_000);

        var root = new RootCommand(
            "Makemore: a character-level bigram language model of names, compiled at build time.\n"
            + $"Exit codes: {ExitCode.Success} success; {ExitCode.Usage} bad arguments (each reason one line on stderr); {ExitCode.Failure} any other failure (one line on stderr).")
        {
            seed,
            count,
        };
        root.SetAction(parse => SummaryCommand.Run(console, parse.GetValue(seed), parse.GetValue(count)));

        Option<int> steps = CliOptions.WholeNumber("--steps", "Gradient descent steps.", 200, 1, 1_000_000);
        Option<double> learningRate = CliOptions.FiniteNumber("--lr", "Learning rate.", TrainerOptions.DefaultLearningRate, 0, inclusive: false);
        Option<double> lambda = CliOptions.FiniteNumber("--lambda", "Weight of the λ·mean(W²) regularization.", TrainerOptions.DefaultRegularization, 0, inclusive: true);
        Option<TrainerGradient> gradient = CliOptions.OneOf("--gradient", "PerExample walks every bigram (the lecture's way); Grouped does one softmax per input symbol.", TrainerGradient.Grouped);
        var train = new Command("train", "Train the lecture's one-layer network on data/names.txt and compare it with the count model.")
        {
            steps, learningRate, lambda, gradient, seed, count,
        };
        train.SetAction(parse => TrainCommand.Run(
            console,
            new TrainCommand.Settings(parse.GetValue(steps), parse.GetValue(learningRate), parse.GetValue(lambda), parse.GetValue(gradient), parse.GetValue(seed), parse.GetValue(count))));
        root.Subcommands.Add(train);

        string? lectureNames = Environment.GetEnvironmentVariable(LectureNamesVariable);
        Option<FileInfo> data = new("--data")
        {
            Description = $"The lecture's names.txt (default: ${LectureNamesVariable}); any other file is refused.",
            Required = string.IsNullOrEmpty(lectureNames),
        };
        var lecture = new Command("lecture", "Replay the lecture's seeded cells (PyTorch 1.x and 2.x) beside the values it published.")
        {
            data,
        };
        lecture.SetAction(parse => LectureCommand.Run(console, error, parse.GetValue(data) ?? new FileInfo(lectureNames!)));
        root.Subcommands.Add(lecture);

        Option<FileInfo> evaluateData = new("--data")
        {
            Description = $"A names list, one per line (default: ${LectureNamesVariable}, the lecture's names.txt).",
            Required = string.IsNullOrEmpty(lectureNames),
        };
        Option<WholeRange> orders = CliOptions.Range("--orders", "The model orders n to build.", new WholeRange(1, 8), 1, 8);
        Option<int> samples = CliOptions.WholeNumber("--samples", "How many names each model samples to measure how often it copies a training name.", Evaluation.ModelEvaluation.DefaultSamples, 1, 1_000_000);
        Option<ulong> sampleSeed = CliOptions.WholeNumber("--seed", "Seed of the random generator for sampling (the split's is the lecture's, 42).", Evaluation.ModelEvaluation.DefaultSeed, ulong.MinValue, ulong.MaxValue);
        var evaluate = new Command("evaluate", "Split the names as the lecture series does (80/10/10) and measure count models of each order, additive and Kneser–Ney, beside the series' networks.")
        {
            evaluateData, orders, samples, sampleSeed,
        };
        evaluate.SetAction(parse => EvaluateCommand.Run(
            console,
            error,
            new EvaluateCommand.Settings(parse.GetValue(evaluateData) ?? new FileInfo(lectureNames!), parse.GetValue(orders), parse.GetValue(samples), parse.GetValue(sampleSeed))));
        root.Subcommands.Add(evaluate);

        Option<FileInfo> output = new("--output") { Description = "Where to write the PNG (its directory must exist).", DefaultValueFactory = _ => new FileInfo("bigram-counts.png") };
        var plot = new Command("plot", "Draw the bigram count matrix N as a labelled heatmap (the lecture's figure) to a PNG.")
        {
            output,
        };
        plot.SetAction(parse => PlotCommand.Run(console, error, parse.GetValue(output)!));
        root.Subcommands.Add(plot);

        return root;
    }
}
