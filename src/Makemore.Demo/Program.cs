using System.CommandLine;
using System.IO;
using Makemore;
using Makemore.Demo;
using Spectre.Console;

Option<ulong> seed = new("--seed") { Description = "Seed of the random generator for sampling.", DefaultValueFactory = _ => 2147483647UL };
Option<int> count = new("--count") { Description = "How many names to sample.", DefaultValueFactory = _ => 10 };
count.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is < 0 or > 100_000)
    {
        result.AddError("--count must be between 0 and 100000.");
    }
});

var root = new RootCommand("Makemore: a character-level bigram language model of names, compiled at build time.")
{
    seed,
    count,
};
root.SetAction(parse => SummaryCommand.Run(AnsiConsole.Console, parse.GetValue(seed), parse.GetValue(count)));

Option<int> steps = new("--steps") { Description = "Gradient descent steps.", DefaultValueFactory = _ => 200 };
steps.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() is < 1 or > 1_000_000)
    {
        result.AddError("--steps must be between 1 and 1000000.");
    }
});
Option<double> learningRate = new("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => TrainerOptions.DefaultLearningRate };
Option<double> lambda = new("--lambda") { Description = "Weight of the λ·mean(W²) regularization.", DefaultValueFactory = _ => TrainerOptions.DefaultRegularization };
Option<TrainerGradient> gradient = new("--gradient") { Description = "PerExample walks every bigram (the lecture's way); Grouped does one softmax per input symbol.", DefaultValueFactory = _ => TrainerGradient.Grouped };
var train = new Command("train", "Train the lecture's one-layer network on data/names.txt and compare it with the count model.")
{
    steps, learningRate, lambda, gradient, seed, count,
};
train.SetAction(parse => TrainCommand.Run(
    AnsiConsole.Console,
    new TrainCommand.Settings(parse.GetValue(steps), parse.GetValue(learningRate), parse.GetValue(lambda), parse.GetValue(gradient), parse.GetValue(seed), parse.GetValue(count))));
root.Subcommands.Add(train);

Option<FileInfo> data = new("--data") { Description = "The lecture's names.txt (default: $MAKEMORE_LECTURE_NAMES).", Required = System.Environment.GetEnvironmentVariable("MAKEMORE_LECTURE_NAMES") is null or "" };
var lecture = new Command("lecture", "Replay the lecture's seeded cells (PyTorch 1.x and 2.x) beside the values it published.")
{
    data,
};
lecture.SetAction(parse => LectureCommand.Run(
    AnsiConsole.Console,
    parse.GetValue(data) ?? new FileInfo(System.Environment.GetEnvironmentVariable("MAKEMORE_LECTURE_NAMES")!)));
root.Subcommands.Add(lecture);

Option<FileInfo> output = new("--output") { Description = "Where to write the PNG.", DefaultValueFactory = _ => new FileInfo("bigram-counts.png") };
var plot = new Command("plot", "Draw the bigram count matrix N as a labelled heatmap (the lecture's figure) to a PNG.")
{
    output,
};
plot.SetAction(parse => PlotCommand.Run(AnsiConsole.Console, parse.GetValue(output)!));
root.Subcommands.Add(plot);

return root.Parse(args).Invoke();
