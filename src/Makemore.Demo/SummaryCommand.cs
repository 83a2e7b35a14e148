using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>
/// The main job: what the compiled bigram model knows, names drawn from it beside names from an order-6 Kneser–Ney
/// model of the same list (also compiled at build time), and both models' loss on the data.
/// </summary>
internal static class SummaryCommand
{
    public static int Run(IAnsiConsole console, ulong seed, int count)
    {
        string text = EmbeddedNames.ReadText();
        var known = new HashSet<string>(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

        console.Write(new Rule("[bold]Makemore[/]: a character bigram model compiled from data/names.txt").LeftJustified());
        var summary = new Table().HideHeaders().Border(TableBorder.Rounded).AddColumns("", "");
        summary.AddRow("names", N(NameModel.NameCount));
        summary.AddRow("bigrams", N(NameModel.TokenCount));
        summary.AddRow("vocabulary", $"{NameModel.VocabularySize} symbols: {Markup.Escape(NameModel.Alphabet.ToString())}");
        summary.AddRow("shortest / longest name", $"{NameModel.ShortestName} / {NameModel.LongestName} characters");
        summary.AddRow("smoothing α", NameModel.Smoothing);
        console.Write(summary);

        console.Write(TopBigrams(10));

        console.Write(NamesSideBySide(known, seed, count));

        double loss = NameModel.AverageNegativeLogLikelihood(text);
        console.MarkupLine($"Average negative log-likelihood on the data: [bold]{loss.ToString("F6", CultureInfo.InvariantCulture)}[/] nats per bigram (uniform guessing: {Math.Log(NameModel.VocabularySize).ToString("F4", CultureInfo.InvariantCulture)})");
        double order6Loss = NameModelOrder6.AverageNegativeLogLikelihood(text);
        console.MarkupLine($"The order-6 Kneser–Ney model on the same names: [bold]{order6Loss.ToString("F6", CultureInfo.InvariantCulture)}[/] nats per symbol (on names it was counted from; `evaluate` measures held-out names)");
        return 0;
    }

    /// <summary>
    /// The same seed drives both models, each from its own generator: the bigram's names are the ones this demo
    /// has always shown, and the order-6 model's stand beside them.
    /// </summary>
    private static Table NamesSideBySide(HashSet<string> known, ulong seed, int count)
    {
        var names = new Table().Border(TableBorder.Rounded).Title($"{count} names sampled from each model (seed {seed})");
        names.AddColumns("#", "bigram, α = 1", string.Empty, "order 6, Kneser–Ney", string.Empty);
        var bigramRandom = new Xoshiro256StarStar(seed);
        var order6Random = new Xoshiro256StarStar(seed);
        Span<char> buffer = stackalloc char[64];
        for (int i = 0; i < count; i++)
        {
            string bigram = buffer[..NameModel.Sample(ref bigramRandom, buffer)].ToString();
            string order6 = buffer[..NameModelOrder6.Sample(ref order6Random, buffer)].ToString();
            names.AddRow(N(i + 1), Name(bigram), InData(known, bigram), Name(order6), InData(known, order6));
        }

        return names;
    }

    private static string Name(string name) => name.Length == 0 ? "[grey](empty)[/]" : Markup.Escape(name);

    private static string InData(HashSet<string> known, string name) => known.Contains(name) ? "in the data" : "[green]new[/]";

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
