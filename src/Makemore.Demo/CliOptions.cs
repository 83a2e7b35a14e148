using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Numerics;

namespace Makemore.Demo;

/// <summary>
/// Options that parse and range-check their value in one place. A validator that reads the value of an option
/// whose text did not parse throws (System.CommandLine 2.0 calls validators after a failed conversion), so the
/// range check lives in the parser, and every message says what was expected and what was given, in one line.
/// </summary>
internal static class CliOptions
{
    public static Option<T> WholeNumber<T>(string name, string description, T defaultValue, T minimum, T maximum)
        where T : struct, IBinaryInteger<T>
    {
        string expected = $"a whole number from {minimum.ToString(null, CultureInfo.InvariantCulture)} to {maximum.ToString(null, CultureInfo.InvariantCulture)}";
        return Create(name, $"{description} {Capitalised(expected)}.", defaultValue, expected, text =>
            T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out T value) && value >= minimum && value <= maximum
                ? (true, value)
                : (false, default));
    }

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>, or null (no default) when the option is not given.</summary>
    public static Option<T?> OptionalWholeNumber<T>(string name, string description, T minimum, T maximum)
        where T : struct, IBinaryInteger<T>
    {
        string expected = $"a whole number from {minimum.ToString(null, CultureInfo.InvariantCulture)} to {maximum.ToString(null, CultureInfo.InvariantCulture)}";
        return Create<T?>(name, $"{description} {Capitalised(expected)}.", null, expected, text =>
            T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out T value) && value >= minimum && value <= maximum
                ? (true, value)
                : (false, null));
    }

    /// <summary>
    /// A model order read as MakemoreOrder is (<c>ModelSettings.TryParseOrder</c>: "6", "+6", "06" and "6.0" are 6),
    /// from <paramref name="minimum"/> to 8.
    /// </summary>
    public static Option<int> Order(string name, string description, int defaultValue, int minimum)
    {
        string expected = $"a whole number from {minimum} to {Modeling.Planning.ModelSettings.MaxOrder}";
        return Create(name, $"{description} {Capitalised(expected)}.", defaultValue, expected, text =>
            Modeling.Planning.ModelSettings.TryParseOrder(text, out int order) && order >= minimum ? (true, order) : (false, default));
    }

    /// <summary>A smoothing as <see cref="Smoothing.TryParse"/> reads it (KneserNey or a number α), or null when not given.</summary>
    public static Option<Smoothing?> SmoothingChoice(string name, string description)
    {
        const string Expected = "KneserNey or a number α from 0 to 1e300 (additive smoothing) whose value does not underflow";
        Option<Smoothing?> option = Create<Smoothing?>(name, $"{description} {Capitalised(Expected)}.", null, Expected, text =>
            Makemore.Smoothing.TryParse(text, out Smoothing smoothing) ? (true, smoothing) : (false, null));
        option.HelpName = "KneserNey|α";
        return option;
    }

    /// <summary>A finite number above <paramref name="minimum"/>, or at least it when <paramref name="inclusive"/>.</summary>
    public static Option<double> FiniteNumber(string name, string description, double defaultValue, double minimum, bool inclusive)
    {
        string bound = minimum.ToString(CultureInfo.InvariantCulture);
        string expected = inclusive ? $"a finite number ≥ {bound}" : $"a finite number > {bound}";
        return Create(name, $"{description} {Capitalised(expected)}.", defaultValue, expected, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                && double.IsFinite(value) && (inclusive ? value >= minimum : value > minimum)
                ? (true, value)
                : (false, default));
    }

    /// <summary>A share: a finite number from 0 (included) to 1 (excluded).</summary>
    public static Option<double> Share(string name, string description, double defaultValue)
    {
        const string Expected = "a number from 0 to 1 (1 excluded)";
        return Create(name, $"{description} {Capitalised(Expected)}.", defaultValue, Expected, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 && value < 1
                ? (true, value)
                : (false, default));
    }

    /// <summary>A finite number above <paramref name="minimum"/>, or null (no default) when the option is not given.</summary>
    public static Option<double?> OptionalFiniteNumber(string name, string description, double minimum)
    {
        string expected = $"a finite number > {minimum.ToString(CultureInfo.InvariantCulture)}";
        return Create<double?>(name, $"{description} {Capitalised(expected)}.", null, expected, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value > minimum
                ? (true, value)
                : (false, null));
    }

    /// <summary>A range of whole numbers written <c>a-b</c> (or one number <c>a</c>), each from <paramref name="minimum"/> to <paramref name="maximum"/>, a ≤ b.</summary>
    public static Option<WholeRange> Range(string name, string description, WholeRange defaultValue, int minimum, int maximum)
    {
        string expected = $"a whole number or a range a-b of them, from {minimum} to {maximum}";
        Option<WholeRange> option = Create(name, $"{description} {Capitalised(expected)}.", defaultValue, expected, text =>
        {
            string[] parts = text.Split('-');
            int from = 0;
            int to = 0;
            bool parsed = parts.Length is 1 or 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out from)
                && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out to);
            return parsed && from >= minimum && to <= maximum && from <= to ? (true, new WholeRange(from, to)) : (false, defaultValue);
        });
        option.HelpName = "a-b";
        return option;
    }

    /// <summary>One of the enum's names, in any case; numbers are refused (Enum.TryParse would take "7").</summary>
    public static Option<T> OneOf<T>(string name, string description, T defaultValue)
        where T : struct, Enum
    {
        string[] names = Enum.GetNames<T>();
        string expected = names.Length == 2 ? $"{names[0]} or {names[1]}" : $"one of {string.Join(", ", names)}";
        Option<T> option = Create(name, description, defaultValue, expected, text =>
            names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } match
                ? (true, Enum.Parse<T>(match))
                : (false, default));
        option.HelpName = string.Join('|', names);
        return option;
    }

    private static Option<T> Create<T>(string name, string description, T defaultValue, string expected, Func<string, (bool Parsed, T Value)> parse)
    {
        var option = new Option<T>(name) { Description = description };
        if (defaultValue is not null)
        {
            // Shown in the help; an option without one (null) is simply absent when not given.
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return defaultValue;
            }

            string text = result.Tokens[0].Value;
            (bool parsed, T value) = parse(text);
            if (!parsed)
            {
                result.AddError($"{name} must be {expected}; got '{text}'.");
            }

            return value;
        };
        return option;
    }

    private static string Capitalised(string text) => string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));
}

/// <summary>Whole numbers from <see cref="From"/> to <see cref="To"/>, both included.</summary>
internal readonly record struct WholeRange(int From, int To)
{
    public int Count => To - From + 1;

    public override string ToString() => From == To ? From.ToString(CultureInfo.InvariantCulture) : $"{From}-{To}";
}
