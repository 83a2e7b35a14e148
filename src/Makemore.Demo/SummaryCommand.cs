using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Makemore.Lecture;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>
/// The main job: what the compiled bigram model knows, names drawn from it beside names from an order-6 Kneser–Ney
/// model of the same list and the transformer trained on it (also compiled at build time), names new to the list from
/// each, and the models' loss on the data.
/// </summary>
internal static class SummaryCommand
{
    public static int Run(IAnsiConsole console, ulong seed, int count)
    {
        string text = EmbeddedNames.ReadText();
        var split = LectureSplit.FromText(text);

        console.Write(new Rule("[bold]Makemore[/]: data/names.txt compiled into character-level models").LeftJustified());
        var summary = new Table().HideHeaders().Border(TableBorder.Rounded).AddColumns("", "");
        summary.AddRow("names", N(NameModel.NameCount));
        summary.AddRow("bigrams", N(NameModel.TokenCount));
        summary.AddRow("vocabulary", $"{NameModel.VocabularySize} symbols: {Markup.Escape(NameModel.Alphabet.ToString())}");
        summary.AddRow("shortest / longest name", $"{NameModel.ShortestName} / {NameModel.LongestName} characters");
        summary.AddRow("smoothing α", NameModel.Smoothing);
        console.Write(summary);

        console.Write(TopBigrams(10));

        console.Write(NamesSideBySide(split, seed, count));
        NewNames(console, seed);

        double loss = NameModel.AverageNegativeLogLikelihood(text);
        console.MarkupLine($"Average negative log-likelihood on the data: [bold]{loss.ToString("F6", CultureInfo.InvariantCulture)}[/] nats per bigram (uniform guessing: {Math.Log(NameModel.VocabularySize).ToString("F4", CultureInfo.InvariantCulture)})");
        double order6Loss = NameModelOrder6.AverageNegativeLogLikelihood(text);
        console.MarkupLine($"The order-6 Kneser–Ney model on the same names: [bold]{order6Loss.ToString("F6", CultureInfo.InvariantCulture)}[/] nats per symbol (on names it was counted from; `evaluate` measures held-out names)");
        double transformerLoss = NameTransformer.AverageNegativeLogLikelihood(text);
        console.MarkupLine($"The transformer (data/names.weights) on the same names: [bold]{transformerLoss.ToString("F6", CultureInfo.InvariantCulture)}[/] nats per symbol");
        return 0;
    }

    /// <summary>
    /// The same seed drives the three models, each from its own generator: the bigram's names are the ones this
    /// demo has always shown, and the order-6 Kneser–Ney model's and the transformer's (data/names.weights) stand
    /// beside them. Each name is tagged as makemore.py tags its samples: the part of the lecture's 80/10/10 split
    /// that holds it (train, then dev, then test), or new.
    /// </summary>
    private static Table NamesSideBySide(LectureSplit split, ulong seed, int count)
    {
        (string Label, string Short, LanguageModel Model)[] models =
        [
            ("bigram, α = 1", "bigram", NameModel.Model),
            ("order 6, Kneser–Ney", "order 6", NameModelOrder6.Model),
            ("transformer", "transformer", NameTransformer.Model),
        ];
        var parts = new SplitPart(split);
        var names = new Table().Border(TableBorder.Rounded).Title($"{count} names sampled from each model (seed {seed})");
        names.AddColumn("#");
        var randoms = new Xoshiro256StarStar[models.Length];
        var tags = new int[models.Length][];
        for (int m = 0; m < models.Length; m++)
        {
            names.AddColumns(models[m].Label, string.Empty);
            randoms[m] = new Xoshiro256StarStar(seed);
            tags[m] = new int[SplitPart.Count];
        }

        Span<char> buffer = stackalloc char[64];
        var row = new string[1 + (2 * models.Length)];
        for (int i = 0; i < count; i++)
        {
            row[0] = N(i + 1);
            for (int m = 0; m < models.Length; m++)
            {
                string name = buffer[..models[m].Model.Sample(ref randoms[m], buffer)].ToString();
                int tag = parts.Of(name);
                tags[m][tag]++;
                row[1 + (2 * m)] = Name(name);
                row[2 + (2 * m)] = Tags[tag];
            }

            names.AddRow(row);
        }

        // makemore.py's counts, one line: the caption is centred and wraps within the table's width.
        return names.Caption(
            "train / dev / test / new: " + string.Join(", ", models.Select((model, m) => $"{model.Short} {string.Join(" / ", tags[m])}")) + "\n"
            + "(the lecture's 80/10/10 split; the count models saw all names, the transformer its train and test parts)");
    }

    /// <summary>
    /// Names that no model copies from the list: each model's draws under <c>Novel</c>, with the share of its plain
    /// draws that are new (<c>Probability(options)</c>, exact: the list's names' probability taken from 1).
    /// </summary>
    private static void NewNames(IAnsiConsole console, ulong seed)
    {
        var novel = new SamplingOptions { Novel = true };
        console.MarkupLine("Names new to data/names.txt ([grey]SamplingOptions { Novel = true }[/]), and how often a plain draw is new:");
        foreach ((string label, LanguageModel model) in new[] { ("bigram", NameModel.Model), ("order 6", NameModelOrder6.Model), ("transformer", NameTransformer.Model) })
        {
            var random = new Xoshiro256StarStar(seed);
            string[] names = model.SampleUnique(ref random, 5, novel);
            console.MarkupLine($"  {label,-12} {model.Probability(novel).ToString("P1", CultureInfo.InvariantCulture),6}  {Markup.Escape(string.Join(", ", names))}");
        }
    }

    // By SplitPart's numbers.
    private static readonly string[] Tags = ["in train", "in dev", "in test", "[green]new[/]"];

    private static string Name(string name) => name.Length == 0 ? "[grey](empty)[/]" : Markup.Escape(name);

    private static Table TopBigrams(int top)
    {
        ReadOnlySpan<char> alphabet = NameModel.Alphabet;
        ReadOnlySpan<int> counts = NameModel.Counts;
        int v = NameModel.VocabularySize;
        var cells = new List<(int Count, int Cell)>(counts.Length);
        for (int i = 0; i < counts.Length; i++)
        {
            cells.Add((counts[i], i));
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"the {top} most common bigrams").Caption("'.' marks the start or the end of a name");
        table.AddColumns("bigram", "count", "P(next | previous)");
        foreach ((int count, int cell) in cells.OrderByDescending(c => c.Count).ThenBy(c => c.Cell).Take(top))
        {
            char previous = alphabet[cell / v];
            char next = alphabet[cell % v];
            table.AddRow($"{previous}{next}", N(count), NameModel.Probabilities[cell].ToString("F4", CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
