using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Makemore.Lecture;
using Makemore.Modeling.Neural;
using Makemore.Transformers;
using Makemore.Training.Transformer;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>Which model <c>train</c> trains.</summary>
internal enum TrainModel
{
    /// <summary>The lecture's one-layer network on the demo's own list (the default).</summary>
    Bigram,

    /// <summary>makemore.py's transformer on any list, written as a weights file.</summary>
    Transformer,
}

/// <summary>How the transformer's list is split.</summary>
internal enum TrainSplit
{
    /// <summary>The lecture's 80/10/10: train to fit, dev to choose the checkpoint, test to judge it.</summary>
    Lecture,

    /// <summary>The lecture's dev 10 % held out to choose the checkpoint, the other 90 % to fit; no test.</summary>
    Holdout,
}

/// <summary>
/// <c>train --model transformer</c>: trains makemore.py's transformer on a names list, shows a progress bar on a
/// terminal (step, train loss, held-out loss, time left; nothing on a pipe), keeps the checkpoint with the best
/// held-out loss, writes it as a weights file and reports how it scores and what it samples.
/// </summary>
internal static class TransformerTrainCommand
{
    /// <summary>Names sampled to measure how often the model copies a training name.</summary>
    private const int CopySamples = 1000;

    public sealed record Settings(FileInfo Data, FileInfo Output, TrainSplit Split, TransformerOptions Options, int Count);

    public static int Run(IAnsiConsole console, TextWriter error, Settings settings)
    {
        string path = settings.Output.FullName;
        if (Directory.Exists(path))
        {
            return Usage(error, $"--out {path} is a directory; give a file name such as names.weights.");
        }

        if (settings.Output.Directory is { Exists: false } missing)
        {
            return Usage(error, $"cannot write {path}: the directory {missing.FullName} does not exist.");
        }

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

        (IReadOnlyList<string> train, IReadOnlyList<string> heldOut, IReadOnlyList<string>? test) = settings.Split == TrainSplit.Lecture
            ? (split.Train, split.Dev, split.Test)
            : ((IReadOnlyList<string>)[.. split.Train, .. split.Test], (IReadOnlyList<string>)split.Dev, (IReadOnlyList<string>?)null);
        if (train.Count == 0 || heldOut.Count == 0)
        {
            return Usage(error, $"{settings.Data.FullName} has {split.Train.Length + split.Dev.Length + split.Test.Length} names: too few to hold a tenth of them out.");
        }

        TransformerTrainer trainer;
        try
        {
            trainer = new TransformerTrainer(train, heldOut, test, settings.Options);
        }
        catch (ArgumentException e)
        {
            return Usage(error, Cli.OneLine(e));
        }

        TransformerOptions o = settings.Options;
        console.Write(new Rule($"[bold]Training[/] makemore.py's transformer on {N(train.Count)} names, {N(heldOut.Count)} held out").LeftJustified());
        console.MarkupLineInterpolated($"{o.Layers} layers, {o.Heads} heads, embedding {o.Embedding}, context {trainer.Context}: {N(trainer.ParameterCount)} parameters; batch {o.BatchSize}, learning rate {o.LearningRate} (warm-up {o.WarmupSteps}, cosine), weight decay {o.WeightDecay}, dropout {o.Dropout}, weight average {o.WeightAverage}, seed {o.Seed}, {o.Threads} threads");

        TransformerTrainingResult result;
        try
        {
            result = TerminalProgress.Run(console, "training", o.Steps, next => trainer.Train(new Reporter(next)));
        }
        catch (TrainingDivergedException e)
        {
            error.WriteLine($"error: {Cli.OneLine(e)}");
            return ExitCode.Failure;
        }

        byte[] file = trainer.ToWeightsFile();
        File.WriteAllBytes(path, file);

        // The file is scored at both precisions, as the runtime reads it, so the cost of float16 is measured, not guessed.
        TransformerWeightPrecision otherPrecision = o.Precision == TransformerWeightPrecision.Half ? TransformerWeightPrecision.Full : TransformerWeightPrecision.Half;
        byte[] other = trainer.ToWeightsFile(otherPrecision);
        TransformerWeights weights = Load(file);
        TransformerWeights otherWeights = Load(other);
        Span<float> workspace = TransformerWorkspace.ForThisThread(TransformerWorkspace.Length(weights.Layout));
        double fileLoss = LossPerToken(weights, heldOut, workspace);
        double otherLoss = LossPerToken(otherWeights, heldOut, workspace);
        var random = new Xoshiro256StarStar(o.Seed);
        Span<char> buffer = stackalloc char[weights.LongestName];
        var trainSet = new HashSet<string>(train, StringComparer.Ordinal);
        var names = new List<string>();
        int copies = 0;
        for (int i = 0; i < Math.Max(CopySamples, settings.Count); i++)
        {
            string name = buffer[..TransformerInference.Sample(weights, ref random, buffer, 1.0, workspace)].ToString();
            copies += i < CopySamples && trainSet.Contains(name) ? 1 : 0;
            if (i < settings.Count)
            {
                names.Add(name);
            }
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"the checkpoint kept: step {N(result.BestStep)} of {N(result.Steps)}");
        table.AddColumns("measure", "value");
        table.AddRow("held-out loss (nats per token)", F(result.BestHeldOutLoss));
        table.AddRow($"held-out, {PrecisionLabel(o.Precision)} file (written)", F(fileLoss));
        table.AddRow($"held-out, {PrecisionLabel(otherPrecision)} file", F(otherLoss));
        table.AddRow("test loss", double.IsNaN(result.TestLoss) ? "no test part (--split Holdout)" : F(result.TestLoss));
        table.AddRow("last batch's train loss", F(result.LastTrainLoss));
        table.AddRow("train loss (the whole train part)", F(trainer.Evaluate(train)));
        table.AddRow($"copy share of {N(CopySamples)} samples (names of the train part)", (copies / (double)CopySamples).ToString("P1", CultureInfo.InvariantCulture));
        table.AddRow("training time", result.Elapsed.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) + (result.StoppedEarly ? " (stopped by --max-minutes)" : string.Empty));
        table.AddRow("weights file", $"{path} ({N(file.Length)} bytes)");
        console.Write(table);
        if (names.Count > 0)
        {
            console.MarkupLineInterpolated($"[bold]{N(names.Count)} names[/] (seed {o.Seed}): {string.Join(", ", names)}");
        }

        return ExitCode.Success;
    }

    /// <summary>The progress bar's line: step, losses and the time left.</summary>
    internal static string Describe(TransformerProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"step {p.Step:N0}/{p.Steps:N0}  loss {p.TrainLoss:F4}  held-out {(double.IsNaN(p.HeldOutLoss) ? "–" : p.HeldOutLoss.ToString("F4", CultureInfo.InvariantCulture))}  {p.Remaining:h\\:mm\\:ss} left");

    /// <summary>A weights file as the runtime reads it: float32 tensors in place, float16 ones widened once.</summary>
    private static TransformerWeights Load(byte[] file)
    {
        if (NeuralWeightsReader.ReadHeader(file, out NeuralHeader header).IsNone && header.ElementType == NeuralElementType.Float16)
        {
            float[] decoded = new float[header.Layout.ParameterCount];
            NeuralWeightsReader.ReadParameters(file, header, decoded);
            return TransformerWeights.Decoded(file, decoded);
        }

        return TransformerWeights.Read(file);
    }

    /// <summary>Nats per token as the trainer counts them: every name's characters and its end.</summary>
    private static double LossPerToken(in TransformerWeights weights, IReadOnlyList<string> names, Span<float> workspace)
    {
        double total = 0;
        long tokens = 0;
        foreach (string name in names)
        {
            total += TransformerInference.NegativeLogLikelihood(weights, name, workspace);
            tokens += name.Length + 1;
        }

        return total / tokens;
    }

    private static string PrecisionLabel(TransformerWeightPrecision precision) => precision == TransformerWeightPrecision.Half ? "float16" : "float32";

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return ExitCode.Usage;
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Hands each step's progress to the bar; the bar counts the calls as steps done.</summary>
    private sealed class Reporter(Action<string> next) : IProgress<TransformerProgress>
    {
        public void Report(TransformerProgress value) => next(Describe(value));
    }
}
