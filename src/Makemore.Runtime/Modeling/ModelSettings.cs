// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;
using System.Globalization;

namespace Makemore.Modeling;

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

    /// <summary>Reads an order written as an integer (invariant culture); false when it is not one from 1 to 8.</summary>
    public static bool TryParseOrder(string text, out int order) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out order) && IsValidOrder(order);

    /// <summary>
    /// Reads a smoothing: <see cref="KneserNeyName"/> (any case), or a number α from 0 to 1e300 with a '.' decimal
    /// point for additive smoothing.
    /// </summary>
    public static bool TryParseSmoothing(string text, int order, out ModelSettings settings)
    {
        string trimmed = text.Trim();
        if (string.Equals(trimmed, KneserNeyName, StringComparison.OrdinalIgnoreCase))
        {
            settings = new ModelSettings(order, NGramSmoothingKind.KneserNey, 0);
            return true;
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double alpha) && BigramNormalizer.IsValidSmoothing(alpha))
        {
            settings = new ModelSettings(order, NGramSmoothingKind.Additive, alpha);
            return true;
        }

        settings = default;
        return false;
    }

    /// <summary>How the settings read in a sentence or a doc comment: "order 6, Kneser–Ney" or "order 2, α = 1".</summary>
    public string Describe() => Smoothing == NGramSmoothingKind.KneserNey
        ? "order " + Order.ToString(CultureInfo.InvariantCulture) + ", interpolated Kneser–Ney smoothing tuned on held-out folds"
        : "order " + Order.ToString(CultureInfo.InvariantCulture) + ", additive smoothing α = " + AdditiveSmoothing.ToString("R", CultureInfo.InvariantCulture);

    public bool Equals(ModelSettings other) =>
        Order == other.Order && Smoothing == other.Smoothing && AdditiveSmoothing.Equals(other.AdditiveSmoothing);

    public override bool Equals(object? obj) => obj is ModelSettings other && Equals(other);

    public override int GetHashCode() => (Order * 31) + ((int)Smoothing * 7) + AdditiveSmoothing.GetHashCode();
}
