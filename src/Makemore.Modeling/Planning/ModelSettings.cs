// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Globalization;
using System;
using Makemore.Modeling.Smoothing;

namespace Makemore.Modeling.Planning;

/// <summary>
/// What kind of model a names list becomes: its order and its smoothing. One set of rules for the generator's
/// item metadata (<c>MakemoreOrder</c>, <c>MakemoreSmoothing</c>) and the run-time options, so the two read the
/// same text the same way.
/// </summary>
internal readonly struct ModelSettings : IEquatable<ModelSettings>
{
    /// <summary>The lowest order: a unigram model, each symbol drawn on its own.</summary>
    public const int MinOrder = 1;

    /// <summary>The highest order: contexts of 7 symbols, which fit one 64-bit key.</summary>
    public const int MaxOrder = 8;

    /// <summary>The lecture's bigram model.</summary>
    public const int DefaultOrder = 2;

    /// <summary>How <c>MakemoreSmoothing</c> names Kneser–Ney smoothing (compared ignoring case).</summary>
    public const string KneserNeyName = "KneserNey";

    /// <summary>The smallest normal double (2^-1022): below it a written number has lost precision.</summary>
    private const double SmallestNormal = 2.2250738585072014E-308;

    public ModelSettings(int order, NGramSmoothingKind smoothing, double additiveSmoothing)
    {
        Order = order;
        Smoothing = smoothing;
        AdditiveSmoothing = smoothing == NGramSmoothingKind.Additive ? additiveSmoothing : 0;
    }

    /// <summary>n: each symbol is drawn given the n − 1 before it.</summary>
    public int Order { get; }

    /// <summary>Additive (α added to every count) or interpolated Kneser–Ney, tuned on held-out folds of the list.</summary>
    public NGramSmoothingKind Smoothing { get; }

    /// <summary>α for additive smoothing; 0 for Kneser–Ney.</summary>
    public double AdditiveSmoothing { get; }

    /// <summary>
    /// Whether the model is the lecture's bigram model (order 2, additive), which keeps its dense V×V tables and
    /// the lecture's exact sampler; every other model is an interpolated context tree.
    /// </summary>
    public bool IsDenseBigram => Order == 2 && Smoothing == NGramSmoothingKind.Additive;

    /// <summary>
    /// The smoothing a model of <paramref name="order"/> gets when none is named: the lecture's α = 1 up to order
    /// 2, and Kneser–Ney above, where additive smoothing spreads too much mass over unseen contexts to be useful.
    /// </summary>
    public static ModelSettings Default(int order) =>
        order <= DefaultOrder ? new ModelSettings(order, NGramSmoothingKind.Additive, 1.0) : new ModelSettings(order, NGramSmoothingKind.KneserNey, 0);

    /// <summary>Whether <paramref name="order"/> is from <see cref="MinOrder"/> to <see cref="MaxOrder"/>.</summary>
    public static bool IsValidOrder(int order) => order >= MinOrder && order <= MaxOrder;

    /// <summary>
    /// Reads an order: a number (<see cref="TryParseNumber"/>) that is a whole number from 1 to 8, however it is
    /// written ("6", "+6", "06", "6.0" and "6e0" are all 6; "6.5" is not an order).
    /// </summary>
    public static bool TryParseOrder(string text, out int order)
    {
        if (TryParseNumber(text, out double value) && value == Math.Floor(value) && value >= MinOrder && value <= MaxOrder)
        {
            order = (int)value;
            return true;
        }

        order = 0;
        return false;
    }

    /// <summary>
    /// Reads a smoothing: <see cref="KneserNeyName"/> (any case), or a number (<see cref="TryParseNumber"/>) from 0 to
    /// 1e300 for additive smoothing; -0 is 0.
    /// </summary>
    public static bool TryParseSmoothing(string text, int order, out ModelSettings settings)
    {
        string trimmed = text.Trim();
        if (string.Equals(trimmed, KneserNeyName, StringComparison.OrdinalIgnoreCase))
        {
            settings = new ModelSettings(order, NGramSmoothingKind.KneserNey, 0);
            return true;
        }

        if (TryParseNumber(trimmed, out double alpha) && BigramNormalizer.IsValidSmoothing(alpha))
        {
            // + 0.0 turns -0 into 0, so that "-0" is echoed as 0.
            settings = new ModelSettings(order, NGramSmoothingKind.Additive, alpha + 0.0);
            return true;
        }

        settings = default;
        return false;
    }

    /// <summary>
    /// The one grammar of numbers in the settings, the same for the generator's metadata and the tool's options:
    /// invariant culture, surrounding white space trimmed, an optional sign, digits with an optional '.' fraction (at
    /// least one digit on either side), an optional exponent (e or E, an optional sign, digits). No thousands
    /// separators, hexadecimal, Infinity or NaN. The value must be finite and must keep what was written: a text with
    /// a non-zero digit that reads as 0 or as a subnormal double (1e-400, 4e-320) has lost its value and is refused.
    /// </summary>
    public static bool TryParseNumber(string text, out double value)
    {
        value = 0;
        string trimmed = text.Trim();
        int i = 0;
        if (i < trimmed.Length && trimmed[i] is '+' or '-')
        {
            i++;
        }

        int digits = 0;
        bool nonZero = false;
        for (; i < trimmed.Length && IsDigit(trimmed[i]); i++, digits++)
        {
            nonZero |= trimmed[i] != '0';
        }

        if (i < trimmed.Length && trimmed[i] == '.')
        {
            for (i++; i < trimmed.Length && IsDigit(trimmed[i]); i++, digits++)
            {
                nonZero |= trimmed[i] != '0';
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < trimmed.Length && trimmed[i] is 'e' or 'E')
        {
            i++;
            if (i < trimmed.Length && trimmed[i] is '+' or '-')
            {
                i++;
            }

            int exponentDigits = 0;
            for (; i < trimmed.Length && IsDigit(trimmed[i]); i++)
            {
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        if (i != trimmed.Length
            || !double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            || double.IsInfinity(value) || double.IsNaN(value))
        {
            return false;
        }

        // Underflow: written non-zero, read as zero or below the smallest normal double.
        return !(nonZero && Math.Abs(value) < SmallestNormal);
    }

    /// <summary>Whether a number written <paramref name="text"/> is one whose value underflows (see <see cref="TryParseNumber"/>).</summary>
    public static bool Underflows(string text)
    {
        string trimmed = text.Trim();
        int exponent = trimmed.IndexOfAny(['e', 'E']);
        string mantissa = exponent < 0 ? trimmed : trimmed.Substring(0, exponent);
        bool nonZero = mantissa.IndexOfAny(['1', '2', '3', '4', '5', '6', '7', '8', '9']) >= 0;
        return nonZero
            && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && Math.Abs(value) < SmallestNormal;
    }

    /// <summary>How the settings read in a sentence or a doc comment: "order 6, Kneser–Ney" or "order 2, α = 1".</summary>
    public string Describe() => Smoothing == NGramSmoothingKind.KneserNey
        ? "order " + Order.ToString(CultureInfo.InvariantCulture) + ", interpolated Kneser–Ney smoothing tuned on held-out folds"
        : "order " + Order.ToString(CultureInfo.InvariantCulture) + ", additive smoothing α = " + AdditiveSmoothing.ToString("R", CultureInfo.InvariantCulture);

    public bool Equals(ModelSettings other) =>
        Order == other.Order && Smoothing == other.Smoothing && AdditiveSmoothing.Equals(other.AdditiveSmoothing);

    public override bool Equals(object? obj) => obj is ModelSettings other && Equals(other);

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    public override int GetHashCode() => (Order * 31) + ((int)Smoothing * 7) + AdditiveSmoothing.GetHashCode();
}
