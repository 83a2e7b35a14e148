using System;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using Makemore.Lecture;
using Spectre.Console;

namespace Makemore.Demo;

/// <summary>How <c>sample</c> writes its names.</summary>
internal enum SampleFormat
{
    /// <summary>One name per line and nothing else (with --tags, makemore.py's groups).</summary>
    Text,

    /// <summary>An array of objects: <c>{"name": …}</c>, with <c>"tag"</c> under --tags.</summary>
    Json,

    /// <summary>A header, then one row a name: <c>name</c>, with <c>tag</c> under --tags.</summary>
    Csv,
}

/// <summary>
/// Names drawn from a model built at run time from any list, under the runtime's constraints (prefix, lengths,
/// novelty, temperature, distinct names). With --tags the list is split as the lecture splits it, the model is
/// counted from the train part only, and each name is tagged train, dev, test or new, as makemore.py prints them.
/// </summary>
internal static class SampleCommand
{
    /// <summary>The order when --order is not given: see <see cref="CliCommands"/>'s help text for why.</summary>
    public const int DefaultOrder = 4;

    // By SplitPart's numbers.
    private static readonly string[] Tags = ["train", "dev", "test", "new"];

    public sealed record Settings(
        FileInfo Data,
        int Order,
        Smoothing? Smoothing,
        string Prefix,
        int MinLength,
        int? MaxLength,
        bool Novel,
        double Temperature,
        bool Unique,
        int Count,
        ulong? Seed,
        SampleFormat Format,
        bool WithTags);

    public static int Run(IAnsiConsole console, TextWriter output, TextWriter error, Settings settings)
    {
        if (NamesFile.Read(settings.Data, out string text) is { } problem)
        {
            return Usage(error, problem);
        }

        string path = settings.Data.FullName;
        LectureSplit? split = null;
        string modelText = text;
        if (settings.WithTags)
        {
            try
            {
                split = LectureSplit.FromText(text);
            }
            catch (ArgumentException e)
            {
                return Usage(error, $"{path} is not a names list: {Cli.OneLine(e)}");
            }

            modelText = LectureSplit.ToText(split.Train);
        }

        LanguageModel model;
        try
        {
            model = Build(console, modelText, settings);
        }
        catch (ArgumentException e)
        {
            string what = split is null ? $"{path} is not a names list" : $"the train part of {path} ({split.Train.Length} of {split.Train.Length + split.Dev.Length + split.Test.Length} names) cannot be modelled";
            return Usage(error, $"{what}: {Cli.OneLine(e)}");
        }

        var options = new SamplingOptions
        {
            Prefix = settings.Prefix,
            MinLength = settings.MinLength,
            MaxLength = settings.MaxLength ?? int.MaxValue,
            Novel = settings.Novel,
            Temperature = settings.Temperature,
        };

        string[] names;
        try
        {
            // Binds the options to the model first, so that options no name meets are refused even for --count 0.
            _ = model.Probability(options);
            names = Draw(model, options, settings);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // The runtime's own words: options no name (or too few names) of this model can meet.
            return Usage(error, Cli.OneLine(e));
        }

        string[]? tags = split is null ? null : TagAll(split, names);
        switch (settings.Format)
        {
            case SampleFormat.Json:
                WriteJson(output, names, tags);
                break;
            case SampleFormat.Csv:
                WriteCsv(output, names, tags);
                break;
            default:
                WriteText(output, names, tags);
                break;
        }

        return ExitCode.Success;
    }

    /// <summary>The model; a Kneser–Ney model of a high order tunes itself for a second or more.</summary>
    private static LanguageModel Build(IAnsiConsole console, string text, Settings settings) =>
        TerminalProgress.Run(
            console,
            $"building the order-{settings.Order} model of {settings.Data.Name}",
            steps: 0,
            _ => LanguageModel.FromText(text, settings.Order, settings.Smoothing));

    private static string[] Draw(LanguageModel model, SamplingOptions options, Settings settings)
    {
        Xoshiro256StarStar random = settings.Seed is { } seed ? new Xoshiro256StarStar(seed) : Xoshiro256StarStar.CreateRandomlySeeded();
        if (settings.Unique)
        {
            return model.SampleUnique(ref random, settings.Count, options);
        }

        var names = new string[settings.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = model.Sample(ref random, options);
        }

        return names;
    }

    /// <summary>Each name's tag: the first part of the split that holds it (train, dev, test), else new.</summary>
    private static string[] TagAll(LectureSplit split, string[] names)
    {
        var parts = new SplitPart(split);
        return names.Select(name => Tags[parts.Of(name)]).ToArray();
    }

    /// <summary>One name a line; with tags, makemore.py's print_samples: a group per tag between two rules.</summary>
    private static void WriteText(TextWriter output, string[] names, string[]? tags)
    {
        if (tags is null)
        {
            foreach (string name in names)
            {
                output.WriteLine(name);
            }

            return;
        }

        string rule = new('-', 80);
        output.WriteLine(rule);
        foreach (string tag in Tags)
        {
            string[] group = names.Where((_, i) => tags[i] == tag).ToArray();
            output.WriteLine($"{group.Length} samples that are {(tag == Tags[SplitPart.New] ? tag : "in " + tag)}:");
            foreach (string name in group)
            {
                output.WriteLine(name);
            }
        }

        output.WriteLine(rule);
    }

    /// <summary>An array of objects, one a line.</summary>
    private static void WriteJson(TextWriter output, string[] names, string[]? tags)
    {
        if (names.Length == 0)
        {
            output.WriteLine("[]");
            return;
        }

        output.WriteLine("[");
        for (int i = 0; i < names.Length; i++)
        {
            string tag = tags is null ? string.Empty : $", \"tag\": \"{tags[i]}\"";
            output.WriteLine($"  {{\"name\": {Json(names[i])}{tag}}}{(i < names.Length - 1 ? "," : string.Empty)}");
        }

        output.WriteLine("]");
    }

    /// <summary>RFC 4180: a header, then a row a name, each name escaped by <see cref="CsvField"/>.</summary>
    private static void WriteCsv(TextWriter output, string[] names, string[]? tags)
    {
        output.WriteLine(tags is null ? "name" : "name,tag");
        for (int i = 0; i < names.Length; i++)
        {
            output.WriteLine(tags is null ? CsvField.Escape(names[i]) : $"{CsvField.Escape(names[i])},{tags[i]}");
        }
    }

    /// <summary>A JSON string: quotes, backslashes and control characters escaped, any other character as it is.</summary>
    private static string Json(string value) => $"\"{JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine($"error: {problem}");
        return ExitCode.Usage;
    }
}
