// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Globalization;
using System.Text;
using System;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;

namespace Makemore.Modeling.Planning;

/// <summary>
/// The text a generated model class holds as constant data (UTF-8): a versioned header with the
/// <see cref="ModelPlan"/> — order, smoothing, tuned parameters — then the list's names, one a line, as the parser
/// read them. The runtime reads it on the class's first use and lays out the same tables
/// <c>LanguageModel.FromText</c> would: the names are far smaller than the tables, and counting, smoothing and laying
/// them out again costs the first use time instead (about a quarter of a second of CPU for an order-6 model of the
/// lecture's 32,033 names; bench/RESULTS.md, "First use"). Text rather than bytes, so that the generated source shows
/// a learner what the model is made of.
/// </summary>
/// <remarks>
/// <code>
/// makemore model 1 generator 0.3.0
/// order 6
/// smoothing KneserNey
/// kneser-ney 0.5273… (<see cref="KneserNeyParameters.Values"/>, round-trip precision; "none" for <see cref="ModelPlan.IsBigramFallback"/>)
/// cut-offs 1 1 2 2 2 2 (<see cref="ModelPlan.MinimumCounts"/>, only when the budget pruned)
/// names 32033
/// emma
/// …
/// </code>
/// The first line's number is the format's version: a runtime reads the versions from
/// <see cref="OldestReadableVersion"/> to <see cref="Version"/> and refuses others with a message that names both,
/// and the version of the generator that wrote it.
/// </remarks>
internal static class ModelRecipe
{
    /// <summary>The version this code writes.</summary>
    public const int Version = 1;

    /// <summary>The oldest version this code reads.</summary>
    public const int OldestReadableVersion = 1;

    private const string Magic = "makemore model ";

    private const string GeneratorField = " generator ";

    /// <summary>The recipe of a valid list under a plan, written by the generator of version <paramref name="generator"/>.</summary>
    public static string Write(NameList names, ModelPlan plan, string generator)
    {
        var text = new StringBuilder(names.Text.Length + 256);
        text.Append(Magic).Append(Version.ToString(CultureInfo.InvariantCulture)).Append(GeneratorField).Append(generator).Append('\n')
            .Append("order ").Append(plan.Settings.Order.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("smoothing ").Append(plan.Settings.Smoothing == NGramSmoothingKind.KneserNey
                ? ModelSettings.KneserNeyName
                : plan.Settings.AdditiveSmoothing.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        if (plan.IsBigramFallback)
        {
            text.Append("kneser-ney none\n");
        }
        else if (plan.Parameters is { } parameters)
        {
            text.Append("kneser-ney");
            foreach (double value in parameters.Values)
            {
                text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        if (plan.MinimumCounts is { } minimum)
        {
            text.Append("cut-offs");
            foreach (int count in minimum)
            {
                text.Append(' ').Append(count.ToString(CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        text.Append("names ").Append(names.Count.ToString(CultureInfo.InvariantCulture));
        for (int i = 0; i < names.Count; i++)
        {
            text.Append('\n').Append(names.Text, names.NameStarts[i], names.NameLengths[i]);
        }

        return text.ToString();
    }

    /// <summary>Reads a recipe: the plan, and the names' text (one name a line).</summary>
    /// <exception cref="FormatException">The text is not a recipe, or its version is not one this code reads (the message says which).</exception>
    public static ModelPlan Read(string recipe, out string names)
    {
        int position = 0;
        string first = Line(recipe, ref position);
        int version = 0;
        int digits = 0;
        for (int i = Magic.Length; i < first.Length && first[i] >= '0' && first[i] <= '9' && digits < 9; i++, digits++)
        {
            version = (version * 10) + (first[i] - '0');
        }

        if (!first.StartsWith(Magic, StringComparison.Ordinal) || digits == 0)
        {
            throw new FormatException("This is not a Makemore model: its first line is not \"" + Magic + "<version>\".");
        }

        if (version < OldestReadableVersion || version > Version)
        {
            throw new FormatException(string.Format(
                CultureInfo.InvariantCulture,
                "The model is in format {0}; this Makemore library reads formats {1} to {2}.",
                version,
                OldestReadableVersion,
                Version));
        }

        int order = int.Parse(Field(recipe, ref position, "order"), NumberStyles.None, CultureInfo.InvariantCulture);
        string smoothing = Field(recipe, ref position, "smoothing");
        ModelSettings settings = smoothing == ModelSettings.KneserNeyName
            ? new ModelSettings(order, NGramSmoothingKind.KneserNey, 0)
            : new ModelSettings(order, NGramSmoothingKind.Additive, double.Parse(smoothing, NumberStyles.Float, CultureInfo.InvariantCulture));
        KneserNeyParameters? parameters = null;
        if (settings.Smoothing == NGramSmoothingKind.KneserNey && Field(recipe, ref position, "kneser-ney") is var written && written != "none")
        {
            string[] values = written.Split(' ');
            var parsed = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                parsed[i] = double.Parse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            parameters = new KneserNeyParameters(parsed);
        }

        int[]? minimumCounts = null;
        string line = Line(recipe, ref position);
        if (line.StartsWith("cut-offs ", StringComparison.Ordinal))
        {
            string[] counts = line.Substring("cut-offs ".Length).Split(' ');
            minimumCounts = new int[counts.Length];
            for (int i = 0; i < counts.Length; i++)
            {
                minimumCounts[i] = int.Parse(counts[i], NumberStyles.None, CultureInfo.InvariantCulture);
            }

            line = Line(recipe, ref position);
        }

        if (!line.StartsWith("names ", StringComparison.Ordinal))
        {
            throw new FormatException("The model's recipe lacks its \"names\" line.");
        }

        names = recipe.Substring(Math.Min(position, recipe.Length));
        return new ModelPlan(settings, parameters, minimumCounts);
    }

    /// <summary>Who wrote a recipe, from its first line: "Makemore 0.3.0 (model format 1)", as far as it says.</summary>
    public static string Generator(string recipe)
    {
        int end = recipe.IndexOf('\n');
        string first = end < 0 ? recipe : recipe.Substring(0, end);
        if (!first.StartsWith(Magic, StringComparison.Ordinal))
        {
            return "something other than Makemore";
        }

        int generator = first.IndexOf(GeneratorField, StringComparison.Ordinal);
        string format = generator < 0 ? first.Substring(Magic.Length) : first.Substring(Magic.Length, generator - Magic.Length);
        string version = generator < 0 ? "an unknown version" : first.Substring(generator + GeneratorField.Length);
        return "Makemore " + version + " (model format " + format + ")";
    }

    private static string Field(string recipe, ref int position, string name)
    {
        string line = Line(recipe, ref position);
        return line.StartsWith(name + " ", StringComparison.Ordinal)
            ? line.Substring(name.Length + 1)
            : throw new FormatException("The model's recipe lacks its \"" + name + "\" line.");
    }

    private static string Line(string text, ref int position)
    {
        int end = text.IndexOf('\n', position);
        if (end < 0)
        {
            end = text.Length;
        }

        string line = text.Substring(position, end - position);
        position = end + 1;
        return line;
    }
}
