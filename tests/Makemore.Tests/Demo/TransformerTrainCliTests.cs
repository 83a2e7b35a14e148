using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Makemore.Modeling.Neural;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary><c>train --model Transformer</c> on the command line: a short run on a small list, and one line for every bad argument.</summary>
public sealed class TransformerTrainCliTests
{
    private static readonly string Directory = CreateDirectory();

    // 120 names of two to six letters over "abcde": enough for the lecture's split to hold a dev and a test part out.
    private static readonly string SmallList = Write("small.txt", string.Join('\n', Enumerable.Range(0, 120).Select(i => new string(Enumerable.Range(0, 2 + (i % 5)).Select(j => "abcde"[((i * 7) + (j * (i % 3 + 1))) % 5]).ToArray()))));

    private static readonly string[] Tiny = ["--layers", "1", "--heads", "2", "--embedding", "8", "--batch", "8", "--steps", "30", "--warmup", "5"];

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["train", "--model", "gpt"], "error: --model must be Bigram or Transformer; got 'gpt'." },
        { ["train", "--model", "Transformer", "--out", Path.Combine(Directory, "x.weights")], "error: --model Transformer needs --data, the names list to train on." },
        { ["train", "--model", "Transformer", "--data", SmallList], "error: --model Transformer needs --out, where to write the weights file." },
        { ["train", "--layers", "2"], "error: --layers applies to --model Transformer only." },
        { ["train", "--data", SmallList], "error: --data applies to --model Transformer only." },
        { ["train", "--model", "Transformer", "--data", SmallList, "--out", Path.Combine(Directory, "x.weights"), "--heads", "3", "--embedding", "8"], "error: Heads must divide the embedding size 8; got 3." },
        { ["train", "--model", "Transformer", "--data", SmallList, "--out", Path.Combine(Directory, "x.weights"), "--context", "4"], "error: Context 4 is too short for the longest name (6 characters): it must be at least 7." },
        { ["train", "--model", "Transformer", "--data", SmallList, "--out", Path.Combine(Directory, "x.weights"), "--dropout", "1"], "error: --dropout must be a number from 0 to 1 (1 excluded); got '1'." },
        { ["train", "--model", "Transformer", "--data", SmallList, "--out", Path.Combine(Directory, "x.weights"), "--max-minutes", "0"], "error: --max-minutes must be a finite number > 0; got '0'." },
        { ["train", "--model", "Transformer", "--data", SmallList, "--out", Path.Combine(Directory, "x.weights"), "--precision", "int4"], "error: --precision must be Full or Half; got 'int4'." },
        { ["train", "--model", "Transformer", "--data", "/nonexistent", "--out", Path.Combine(Directory, "x.weights")], "error: /nonexistent does not exist." },
        { ["train", "--model", "Transformer", "--data", SmallList, "--out", Path.Combine(Directory, "missing", "x.weights")], $"error: cannot write {Path.Combine(Directory, "missing", "x.weights")}: the directory {Path.Combine(Directory, "missing")} does not exist." },
        { ["train", "--model", "Transformer", "--data", SmallList, "--out", Directory], "is a directory; give a file name such as names.weights." },
        { ["train", "--model", "Transformer", "--data", Write("three.txt", "ab\nba\ncab\n"), "--out", Path.Combine(Directory, "x.weights")], "has 3 names: too few to hold a tenth of them out." },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_is_one_line_on_stderr_and_exit_code_2(string[] args, string expected)
        => CliRun.AssertOneErrorLine(args, expected);

    [Fact]
    public void A_short_run_writes_a_valid_weights_file_and_reports_the_checkpoint_it_kept()
    {
        string output = Path.Combine(Directory, "short.weights");
        (int exitCode, string stdout, string stderr) = CliRun.Run(["train", "--model", "Transformer", "--data", SmallList, "--out", output, "--seed", "3", "--count", "4", .. Tiny]);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, exitCode);
        byte[] file = File.ReadAllBytes(output);
        NeuralWeightsError error = NeuralWeightsReader.Validate(file, out NeuralHeader header);
        Assert.True(error.IsNone, error.Message);
        Assert.Equal((1, 2, 8, 7), (header.Layout.Layers, header.Layout.Heads, header.Layout.Embedding, header.Layout.Context));
        Assert.Equal(".abcde", NeuralWeightsReader.ReadAlphabet(file, header));
        Assert.Contains("the checkpoint kept: step 30 of 30", stdout, StringComparison.Ordinal);
        Assert.Contains("held-out loss", stdout, StringComparison.Ordinal);
        Assert.Contains("test loss", stdout, StringComparison.Ordinal);
        Assert.Contains("train loss (the whole train part)", stdout, StringComparison.Ordinal);
        Assert.Contains($"({file.Length:N0} bytes)", stdout, StringComparison.Ordinal);
        Assert.Contains("(seed 3): ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_writes_the_same_file_and_half_precision_half_the_tensors()
    {
        string first = Path.Combine(Directory, "first.weights");
        string second = Path.Combine(Directory, "second.weights");
        string half = Path.Combine(Directory, "half.weights");
        CliRun.Run(["train", "--model", "Transformer", "--data", SmallList, "--out", first, "--split", "Holdout", .. Tiny]);
        CliRun.Run(["train", "--model", "Transformer", "--data", SmallList, "--out", second, "--split", "Holdout", .. Tiny]);
        (int exitCode, string stdout, _) = CliRun.Run(["train", "--model", "Transformer", "--data", SmallList, "--out", half, "--split", "Holdout", "--precision", "Half", .. Tiny]);

        Assert.Equal(0, exitCode);
        Assert.Contains("no test part (--split Holdout)", stdout, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.True(NeuralWeightsReader.ReadHeader(File.ReadAllBytes(half), out NeuralHeader header).IsNone);
        Assert.Equal(NeuralElementType.Float16, header.ElementType);
        Assert.True(new FileInfo(half).Length < (new FileInfo(first).Length / 2) + 200);
    }

    [Theory]
    [InlineData("Full", "float32", "float16")]
    [InlineData("Half", "float16", "float32")]
    public void The_file_is_scored_on_the_held_out_part_at_both_precisions(string precision, string written, string other)
    {
        string output = Path.Combine(Directory, $"scored-{precision}.weights");
        (int exitCode, string stdout, _) = CliRun.Run(["train", "--model", "Transformer", "--data", SmallList, "--out", output, "--precision", precision, .. Tiny]);

        Assert.Equal(0, exitCode);
        double trainers = Row(stdout, "held-out loss (nats per token)");
        double asWritten = Row(stdout, $"held-out, {written} file (written)");
        double otherwise = Row(stdout, $"held-out, {other} file");
        double full = precision == "Full" ? asWritten : otherwise;
        double half = precision == "Full" ? otherwise : asWritten;

        // The trainer evaluates float32 weights, so the float32 file scores the same; float16 rounding moves it a little.
        Assert.True(Math.Abs(trainers - full) <= 1.000001e-4, $"trainer {trainers}, float32 file {full}");
        Assert.True(Math.Abs(full - half) < 0.01, $"float32 {full}, float16 {half}");
    }

    [Fact]
    public void Without_a_model_train_is_the_lectures_bigram_network()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["train", "--steps", "2", "--count", "2"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains("one-hot → W (27×27) → softmax", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_progress_line_shows_the_step_the_losses_and_the_time_left()
    {
        string line = Makemore.Demo.TransformerTrainCommand.Describe(new(1234, 20000, 2.01234, 2.05, 2.04, 3e-3, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(192)));

        Assert.Equal("step 1,234/20,000  loss 2.0123  held-out 2.0500  0:03:12 left", line);
    }

    /// <summary>The number in the table row that starts with <paramref name="label"/>.</summary>
    private static double Row(string stdout, string label)
    {
        string line = stdout.Split('\n').Single(l => l.Contains("│ " + label + " ", StringComparison.Ordinal));
        return double.Parse(line.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1], CultureInfo.InvariantCulture);
    }

    private static string CreateDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "makemore-transformer-cli-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    private static string Write(string name, string content)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
