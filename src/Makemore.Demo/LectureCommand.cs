using System.Globalization;
using System.IO;
using System.Linq;
using System;
using Makemore.Lecture;
using Makemore.PyTorch;
using Makemore.Training;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>Replays the lecture's seeded cells and prints each result beside the value the lecture published.</summary>
internal static class LectureCommand
{
    private const ulong Seed = LectureReplay.LectureSeed;

    public static int Run(IAnsiConsole console, TextWriter error, FileInfo data)
    {
        if (LectureFile.Read(data, out string text) is { } problem)
        {
            error.WriteLine($"error: {problem}");
            return ExitCode.Usage;
        }

        // The lecture's file is a valid names list (its hash says so), so this cannot throw.
        LanguageModel model = LanguageModel.FromText(text);

        console.Write(new Rule($"[bold]The lecture's cells[/], replayed on {Markup.Escape(data.Name)} (seed {Seed})").LeftJustified());
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("cell", "published", "PyTorch 1.x (Legacy)", "PyTorch 2.x (Modern)");

        Row(table, "bigram examples", "228,146", N(model.TokenCount));
        Row(table, "N['.','a']", "4,410", N(model.Counts[model.Alphabet.IndexOf('a')]));
        (char previous, char next, int count) = MostFrequent(model);
        Row(table, "most frequent bigram", "('n', end) 6,763", $"('{previous}', {(next == '.' ? "end" : $"'{next}'")}) {N(count)}");

        float[] rand = new float[3];
        Torch.Rand(new TorchGenerator(Seed), rand);
        Row(table, "torch.rand(3)", "[0.7081, 0.3542, 0.1054]", Vector(rand));
        float total = rand.Sum();
        Row(table, "… normalised", "[0.6064, 0.3033, 0.0903]", Vector(rand.Select(x => x / total).ToArray()));

        float[] firstRow = Enumerable.Range(0, model.VocabularySize).Select(j => (float)model.Counts[j]).ToArray();
        table.AddRow(
            new Text("first draw from N[0]"),
            new Text("1.x: 13 'm'; 2.x: 3 'c'"),
            new Text(FirstDraw(model, firstRow, TorchMultinomial.Legacy)),
            new Text(FirstDraw(model, firstRow, TorchMultinomial.Modern)));

        table.AddRow(
            new Text("five names from P = (N+1) normalised"),
            new Text("1.x (the video): mor. axx. minaymoryles. kondlaisah. anchshizarie."),
            new Text(string.Join(' ', LectureReplay.SampleNames(model, 5, Seed, TorchMultinomial.Legacy))),
            new Text(string.Join(' ', LectureReplay.SampleNames(model, 5, Seed, TorchMultinomial.Modern))));

        Row(table, "loss of W = randn(27×27) on the bigrams of \"emma\"", "3.7693049907684326",
            EmmaLoss(model).ToString("R", CultureInfo.InvariantCulture));
        Row(table, "average NLL, +1 smoothing (double)", "2.454577",
            model.AverageNegativeLogLikelihood(text).ToString("F6", CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLine("[grey]One value in a row means both PyTorch versions print the same.[/]");
        return ExitCode.Success;
    }

    private static void Row(Table table, string cell, string published, string ours) =>
        table.AddRow(new Text(cell), new Text(published), new Text(ours), new Text(string.Empty));

    private static string FirstDraw(LanguageModel model, float[] counts, TorchMultinomial algorithm)
    {
        int index = Torch.Multinomial(new TorchGenerator(Seed), counts, replacement: true, algorithm);
        return $"{index} '{model.Alphabet[index]}'";
    }

    private static double EmmaLoss(LanguageModel model) =>
        new BigramTrainer("emma", new TrainerOptions { Alphabet = model.Alphabet.ToString(), Seed = Seed }).AverageNegativeLogLikelihood();

    private static (char Previous, char Next, int Count) MostFrequent(LanguageModel model)
    {
        ReadOnlySpan<int> counts = model.Counts;
        int best = 0;
        for (int i = 1; i < counts.Length; i++)
        {
            best = counts[i] > counts[best] ? i : best;
        }

        return (model.Alphabet[best / model.VocabularySize], model.Alphabet[best % model.VocabularySize], counts[best]);
    }

    private static string Vector(float[] values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("F4", CultureInfo.InvariantCulture))) + "]";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
