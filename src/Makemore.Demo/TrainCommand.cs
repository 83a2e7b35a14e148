using System;
using Makemore.Training;
using System.Globalization;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>Trains the lecture's one-layer network by gradient descent and compares it with the count model.</summary>
internal static class TrainCommand
{
    public sealed record Settings(int Steps, double LearningRate, double Regularization, TrainerGradient Gradient, ulong Seed, int Count);

    public static int Run(IAnsiConsole console, Settings settings)
    {
        string text = EmbeddedNames.ReadText();
        var options = new TrainerOptions
        {
            LearningRate = settings.LearningRate,
            Regularization = settings.Regularization,
            Gradient = settings.Gradient,
        };
        var trainer = new BigramTrainer(text, options);
        console.Write(new Rule($"[bold]Training[/] one-hot → W ({trainer.VocabularySize}×{trainer.VocabularySize}) → softmax on {N(trainer.BigramCount)} bigrams").LeftJustified());
        console.MarkupLineInterpolated($"learning rate {settings.LearningRate}, λ = {settings.Regularization}, {settings.Gradient} gradient, W from torch.randn with seed {TrainerOptions.DefaultSeed}");

        double first = double.NaN;
        double last = double.NaN;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("loss", maxValue: Math.Max(settings.Steps, 1));
                for (int step = 0; step < settings.Steps; step++)
                {
                    last = trainer.Step();
                    if (step == 0)
                    {
                        first = last;
                    }

                    task.Description = $"step {step + 1,4}  loss {last.ToString("F4", CultureInfo.InvariantCulture)}";
                    task.Increment(1);
                }
            });
        console.MarkupLineInterpolated($"loss (with the λ·mean(W²) term): first step {F(first)}, last step {F(last)}");

        var counts = LanguageModel.FromText(text);
        AgreementReport report = trainer.CompareWith(counts);
        var table = new Table().Border(TableBorder.Rounded).Title($"network vs counts after {report.Steps} steps");
        table.AddColumns("measure", "value");
        table.AddRow("network NLL on the data", F(report.NetworkLoss));
        table.AddRow("count model NLL (α = 1)", F(report.CountModelLoss));
        table.AddRow("max |ΔP| over the table", F(report.MaxAbsoluteDifference));
        table.AddRow("mean |ΔP|", F(report.MeanAbsoluteDifference));
        table.AddRow("row-weighted KL(P_counts ‖ P_network)", F(report.KullbackLeiblerDivergence));
        console.Write(table);

        LanguageModel network = trainer.ToModel();
        var names = new Table().Border(TableBorder.Rounded).Title($"{settings.Count} names from each model (seed {settings.Seed})");
        names.AddColumns("#", "count model", "network");
        var fromCounts = new Xoshiro256StarStar(settings.Seed);
        var fromNetwork = new Xoshiro256StarStar(settings.Seed);
        for (int i = 0; i < settings.Count; i++)
        {
            names.AddRow(N(i + 1), Markup.Escape(counts.Sample(ref fromCounts)), Markup.Escape(network.Sample(ref fromNetwork)));
        }

        console.Write(names);
        return 0;
    }

    private static string Sample(this LanguageModel model, ref Xoshiro256StarStar rng)
    {
        Span<char> buffer = stackalloc char[64];
        return buffer[..model.Sample(ref rng, buffer)].ToString();
    }

    private static string F(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
