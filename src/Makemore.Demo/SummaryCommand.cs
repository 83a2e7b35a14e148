using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>The main job: what the compiled model knows, a few names drawn from it, and its loss on the data.</summary>
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

        var names = new Table().Border(TableBorder.Rounded).Title($"{count} names sampled (seed {seed})");
        names.AddColumns("#", "name", "in the data?");
        var rng = new Xoshiro256StarStar(seed);
        Span<char> buffer = stackalloc char[64];
        for (int i = 0; i < count; i++)
        {
            int length = NameModel.Sample(ref rng, buffer);
            string name = buffer[..length].ToString();
            names.AddRow(N(i + 1), name.Length == 0 ? "[grey](empty)[/]" : Markup.Escape(name), known.Contains(name) ? "in the data" : "[green]new[/]");
        }

        console.Write(names);

        double loss = NameModel.AverageNegativeLogLikelihood(text);
        console.MarkupLine($"Average negative log-likelihood on the data: [bold]{loss.ToString("F6", CultureInfo.InvariantCulture)}[/] nats per bigram (uniform guessing: {Math.Log(NameModel.VocabularySize).ToString("F4", CultureInfo.InvariantCulture)})");
        return 0;
    }

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
