using System.CommandLine.Help;
using System.CommandLine;
using System.IO;
using System;
using Makemore.Training;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>The demo's command tree: the summary (root), <c>train</c>, <c>lecture</c>, <c>evaluate</c>, <c>sample</c> and <c>plot</c>.</summary>
internal static class CliCommands
{
    public const string LectureNamesVariable = "MAKEMORE_LECTURE_NAMES";

    /// <summary>The command the tool installs (<c>ToolCommandName</c> in the project).</summary>
    public const string ToolName = "makemore";

    /// <summary>
    /// Builds the tree; commands write their results to <paramref name="console"/> (or, for <c>sample</c>'s plain
    /// text, JSON and CSV, straight to <paramref name="output"/>, the same stream) and failures to <paramref name="error"/>.
    /// </summary>
    public static Command Create(IAnsiConsole console, TextWriter output, TextWriter error)
    {
        Option<ulong> seed = CliOptions.WholeNumber("--seed", "Seed of the random generator for sampling (default: the lecture's).", Lecture.LectureReplay.LectureSeed, ulong.MinValue, ulong.MaxValue);
        Option<int> count = CliOptions.WholeNumber("--count", "How many names to sample.", 10, 0, 100_000);

        // A plain command named after the tool, with RootCommand's help and version options: a RootCommand takes its
        // name from the assembly (Makemore.Demo), which `makemore --help` would show as the usage.
        var root = new Command(
            ToolName,
            "Makemore: character-level language models of names (orders 1–8, additive or Kneser–Ney smoothing), compiled at build time from data/names.txt or built from any list.\n"
            + $"Exit codes: {ExitCode.Success} success; {ExitCode.Usage} bad arguments (each reason one line on stderr); {ExitCode.Failure} any other failure (one line on stderr).")
        {
            new HelpOption(),
            new VersionOption(),
            seed,
            count,
        };
        root.SetAction(parse => SummaryCommand.Run(console, parse.GetValue(seed), parse.GetValue(count)));

        Option<int> steps = CliOptions.WholeNumber("--steps", "Gradient descent steps (the transformer's default: 20,000).", 200, 1, 1_000_000);
        Option<double> learningRate = CliOptions.FiniteNumber("--lr", "Learning rate (the transformer's default: 0.003, its peak after the warm-up).", TrainerOptions.DefaultLearningRate, 0, inclusive: false);
        Option<double> lambda = CliOptions.FiniteNumber("--lambda", "Weight of the λ·mean(W²) regularization.", TrainerOptions.DefaultRegularization, 0, inclusive: true);
        Option<TrainerGradient> gradient = CliOptions.OneOf("--gradient", "PerExample walks every bigram (the lecture's way); Grouped does one softmax per input symbol.", TrainerGradient.Grouped);
        Option<TrainModel> model = CliOptions.OneOf("--model", "Bigram: the lecture's one-layer network on data/names.txt; Transformer: makemore.py's transformer on --data, written to --out.", TrainModel.Bigram);
        TransformerTrainOptions transformer = new();
        var train = new Command("train", "Train the lecture's one-layer network on data/names.txt and compare it with the count model; or, with --model Transformer, makemore.py's transformer on any list, written as a weights file.")
        {
            model, steps, learningRate, lambda, gradient, seed, count,
        };
        transformer.AddTo(train);
        train.SetAction(parse =>
        {
            if (parse.GetValue(model) == TrainModel.Transformer)
            {
                return transformer.Run(console, error, parse, steps, learningRate, seed, count);
            }

            if (transformer.FirstGiven(parse) is { } given)
            {
                error.WriteLine($"error: {given} applies to --model Transformer only.");
                return ExitCode.Usage;
            }

            return TrainCommand.Run(
                console,
                new TrainCommand.Settings(parse.GetValue(steps), parse.GetValue(learningRate), parse.GetValue(lambda), parse.GetValue(gradient), parse.GetValue(seed), parse.GetValue(count)));
        });
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

        root.Subcommands.Add(Sample(console, output, error));

        Option<FileInfo> plotData = new("--data") { Description = "A names list, one per line (default: the demo's own data/names.txt)." };
        Option<int> plotOrder = CliOptions.Order("--order", "2: the bigram count matrix N, as in the lecture; above 2: the counts of the most frequent contexts of n − 1 characters.", 2, 2);
        Option<int> top = CliOptions.WholeNumber("--top", "How many contexts an order above 2 shows, most frequent first.", 27, 1, 100);
        Option<FileInfo> plotOutput = new("--output") { Description = "Where to write the PNG (its directory must exist; default: bigram-counts.png, or order-n-counts.png above order 2)." };
        var plot = new Command("plot", "Draw the bigram count matrix N as a labelled heatmap (the lecture's figure) to a PNG, or for a higher order the counts of its most frequent contexts.")
        {
            plotData, plotOrder, top, plotOutput,
        };
        plot.SetAction(parse => PlotCommand.Run(
            console,
            error,
            new PlotCommand.Settings(parse.GetValue(plotData), parse.GetValue(plotOrder), parse.GetValue(top), parse.GetValue(plotOutput))));
        root.Subcommands.Add(plot);

        return root;
    }

    private static Command Sample(IAnsiConsole console, TextWriter output, TextWriter error)
    {
        Option<FileInfo> data = new("--data") { Description = "A names list, one per line: the model is counted from it at run time.", Required = true };
        Option<int> order = CliOptions.Order(
            "--order",
            $"The model's order n: each character is drawn given the n − 1 before it. {SampleCommand.DefaultOrder} by default: on the dev part of data/names.txt (`evaluate`) its Kneser–Ney model scores 2.07 nats, 0.09 from the best order's 1.98 (the bigram: 2.47), copies a training name less often (25 % of samples against 40 % at order 8) and is built in a few tenths of a second.",
            SampleCommand.DefaultOrder,
            1);
        Option<Smoothing?> smoothing = CliOptions.SmoothingChoice("--smoothing", "How counts become probabilities (default: additive α = 1 up to order 2, Kneser–Ney above, as LanguageModel.FromText).");
        Option<string> prefix = new("--prefix") { Description = "The text every name starts with, in the list's own case.", DefaultValueFactory = _ => string.Empty };
        Option<int> minLength = CliOptions.WholeNumber("--min-length", "The fewest characters a name may have.", 0, 0, int.MaxValue);
        Option<int?> maxLength = CliOptions.OptionalWholeNumber("--max-length", "The most characters a name may have (default: no limit).", 0, int.MaxValue);
        Option<bool> novel = new("--novel") { Description = "Only names that are not in the list (with --tags: not in its train part, which the model is counted from)." };
        Option<double> temperature = CliOptions.FiniteNumber("--temperature", "Below 1 favours likely characters, above 1 flattens towards uniform.", 1, 0, inclusive: false);
        Option<bool> unique = new("--unique") { Description = "Every name different (drawn without replacement)." };
        Option<int> count = CliOptions.WholeNumber("--count", "How many names.", 10, 0, 100_000);
        Option<ulong?> seed = CliOptions.OptionalWholeNumber("--seed", "Seed of the Xoshiro256** generator: the same seed, the same names (default: a random seed).", ulong.MinValue, ulong.MaxValue);
        Option<SampleFormat> format = CliOptions.OneOf("--format", "Text: one name per line and nothing else, to pipe; Json: an array of objects; Csv: a header, then a row a name.", SampleFormat.Text);
        Option<bool> tags = new("--tags")
        {
            Description = "Split the list as the lecture does (80/10/10, seed 42), count the model from the train part, and tag each name train, dev, test or new (the first part that holds it). Text prints makemore.py's groups; Json and Csv add a tag field.",
        };
        var sample = new Command(
            "sample",
            "Sample names from a model counted from any names list, under a prefix, lengths, novelty and temperature. "
            + $"Names go to stdout; a missing or unreadable file, a list that is not a names list, or options no name can meet is one line on stderr and exit code {ExitCode.Usage}.")
        {
            data, order, smoothing, prefix, minLength, maxLength, novel, temperature, unique, count, seed, format, tags,
        };
        sample.SetAction(parse => SampleCommand.Run(
            console,
            output,
            error,
            new SampleCommand.Settings(
                parse.GetValue(data)!,
                parse.GetValue(order),
                parse.GetValue(smoothing),
                parse.GetValue(prefix) ?? string.Empty,
                parse.GetValue(minLength),
                parse.GetValue(maxLength),
                parse.GetValue(novel),
                parse.GetValue(temperature),
                parse.GetValue(unique),
                parse.GetValue(count),
                parse.GetValue(seed),
                parse.GetValue(format),
                parse.GetValue(tags))));
        return sample;
    }
}
