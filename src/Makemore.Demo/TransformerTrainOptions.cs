using System;
using System.CommandLine;
using System.IO;
using Makemore.Training.Transformer;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>
/// The options <c>train</c> takes for the transformer only; <c>--steps</c>, <c>--lr</c>, <c>--seed</c> and
/// <c>--count</c> are shared with the bigram network, and take the transformer's defaults when not given.
/// </summary>
internal sealed class TransformerTrainOptions
{
    private static readonly TransformerOptions Defaults = new();

    private readonly Option<FileInfo> _data = new("--data") { Description = "Transformer: the names list, one per line (split as the lecture splits it, seed 42)." };
    private readonly Option<FileInfo> _output = new("--out") { Description = "Transformer: where to write the weights file (its directory must exist), e.g. names.weights." };
    private readonly Option<TrainSplit> _split = CliOptions.OneOf("--split", "Transformer: Lecture trains on the lecture's 80 % train part, keeps the checkpoint best on its 10 % dev part and reports the 10 % test part; Holdout trains on train and test (90 %) and holds out dev.", TrainSplit.Lecture);
    private readonly Option<double?> _maxMinutes = CliOptions.OptionalFiniteNumber("--max-minutes", "Transformer: stop after this many minutes, keeping the best checkpoint so far (default: no limit).", 0);
    private readonly Option<int> _layers = CliOptions.WholeNumber("--layers", "Transformer: blocks.", Defaults.Layers, 1, 64);
    private readonly Option<int> _heads = CliOptions.WholeNumber("--heads", "Transformer: attention heads per block; must divide the embedding size.", Defaults.Heads, 1, 64);
    private readonly Option<int> _embedding = CliOptions.WholeNumber("--embedding", "Transformer: the embedding size.", Defaults.Embedding, 1, 1024);
    private readonly Option<int?> _context = CliOptions.OptionalWholeNumber("--context", "Transformer: positions; a name has at most this many − 1 characters (default: the longest name + 1).", 2, 1024);
    private readonly Option<int> _batch = CliOptions.WholeNumber("--batch", "Transformer: names per step.", Defaults.BatchSize, 1, 4096);
    private readonly Option<int> _warmup = CliOptions.WholeNumber("--warmup", "Transformer: steps of linear warm-up before the cosine decay.", Defaults.WarmupSteps, 0, 1_000_000);
    private readonly Option<double> _weightDecay = CliOptions.Share("--weight-decay", "Transformer: AdamW's decoupled weight decay on the weight matrices.", Defaults.WeightDecay);
    private readonly Option<double> _dropout = CliOptions.Share("--dropout", "Transformer: dropout on the embeddings and each block's branches.", Defaults.Dropout);
    private readonly Option<double> _weightAverage = CliOptions.Share("--weight-average", "Transformer: the decay per step of a moving average of the weights, which is evaluated and kept (0: none).", Defaults.WeightAverage);
    private readonly Option<int> _threads = CliOptions.WholeNumber("--threads", "Transformer: parts each batch is split into, one thread each; the weights depend on it, not on the machine.", Defaults.Threads, 1, 64);
    private readonly Option<TransformerWeightPrecision> _precision = CliOptions.OneOf("--precision", "Transformer: Full stores float32 weights; Half float16 (half the size).", Defaults.Precision);

    private Option[] TransformerOnly => [_data, _output, _split, _maxMinutes, _layers, _heads, _embedding, _context, _batch, _warmup, _weightDecay, _dropout, _weightAverage, _threads, _precision];

    public void AddTo(Command command)
    {
        foreach (Option option in TransformerOnly)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The first transformer-only option given on the command line, or null.</summary>
    public string? FirstGiven(ParseResult parse) => Array.Find(TransformerOnly, o => Given(parse, o))?.Name;

    public int Run(IAnsiConsole console, TextWriter error, ParseResult parse, Option<int> steps, Option<double> learningRate, Option<ulong> seed, Option<int> count)
    {
        if (parse.GetValue(_data) is not { } data)
        {
            error.WriteLine("error: --model Transformer needs --data, the names list to train on.");
            return ExitCode.Usage;
        }

        if (parse.GetValue(_output) is not { } output)
        {
            error.WriteLine("error: --model Transformer needs --out, where to write the weights file.");
            return ExitCode.Usage;
        }

        var options = new TransformerOptions
        {
            Layers = parse.GetValue(_layers),
            Heads = parse.GetValue(_heads),
            Embedding = parse.GetValue(_embedding),
            Context = parse.GetValue(_context),
            BatchSize = parse.GetValue(_batch),
            LearningRate = Given(parse, learningRate) ? parse.GetValue(learningRate) : Defaults.LearningRate,
            WarmupSteps = parse.GetValue(_warmup),
            WeightDecay = parse.GetValue(_weightDecay),
            Dropout = parse.GetValue(_dropout),
            WeightAverage = parse.GetValue(_weightAverage),
            Steps = Given(parse, steps) ? parse.GetValue(steps) : Defaults.Steps,
            Seed = parse.GetValue(seed),
            MaxDuration = parse.GetValue(_maxMinutes) is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            Threads = parse.GetValue(_threads),
            Precision = parse.GetValue(_precision),
        };
        return TransformerTrainCommand.Run(console, error, new TransformerTrainCommand.Settings(data, output, parse.GetValue(_split), options, parse.GetValue(count)));
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
