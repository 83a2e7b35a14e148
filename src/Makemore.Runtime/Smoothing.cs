using System.Globalization;
using System;
using Makemore.Modeling.Planning;
using Makemore.Modeling.Smoothing;

namespace Makemore;

/// <summary>
/// How a model turns counts into probabilities: additive smoothing (α added to every count, the lecture's way)
/// or interpolated modified Kneser–Ney, tuned on held-out folds of the names themselves. The same choice as the
/// <c>MakemoreSmoothing</c> item metadata, which <see cref="Parse"/> reads.
/// </summary>
public readonly struct Smoothing : IEquatable<Smoothing>
{
    private readonly double _alpha;
    private readonly bool _isKneserNey;

    private Smoothing(double alpha, bool isKneserNey)
    {
        _alpha = alpha;
        _isKneserNey = isKneserNey;
    }

    /// <summary>
    /// Interpolated modified Kneser–Ney (Chen and Goodman, 1998): three discounts per context length, continuation
    /// counts for the shorter contexts, tuned on held-out folds of the list. The smoothing for names that sound real.
    /// </summary>
    public static Smoothing KneserNey => new(0, isKneserNey: true);

    /// <summary>Whether this is Kneser–Ney smoothing.</summary>
    public bool IsKneserNey => _isKneserNey;

    /// <summary>α of additive smoothing; 0 for Kneser–Ney.</summary>
    public double Alpha => _alpha;

    /// <summary>Additive smoothing: P(next | context) = (count + α) / (context count + α·V).</summary>
    /// <param name="alpha">α, from 0 (none) to 1e300; 1 in the lecture.</param>
    /// <returns>The smoothing.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is negative, NaN or above 1e300.</exception>
    public static Smoothing Additive(double alpha)
    {
        if (!BigramNormalizer.IsValidSmoothing(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Additive smoothing α must be " + BigramNormalizer.SmoothingRange + ".");
        }

        return new Smoothing(alpha, isKneserNey: false);
    }

    /// <summary>Reads a smoothing as <c>MakemoreSmoothing</c> writes it: <c>KneserNey</c> (any case) or a number α with a '.' decimal point.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The smoothing.</returns>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static Smoothing Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out Smoothing smoothing)
            ? smoothing
            : throw new FormatException($"Smoothing \"{text}\" is neither {ModelSettings.KneserNeyName} nor " + BigramNormalizer.SmoothingRange + " (use a '.' decimal point).");
    }

    /// <summary>Reads a smoothing as <c>MakemoreSmoothing</c> writes it; false when the text is neither form.</summary>
    /// <param name="text">The text.</param>
    /// <param name="smoothing">The smoothing read.</param>
    /// <returns>Whether the text was a smoothing.</returns>
    public static bool TryParse(string? text, out Smoothing smoothing)
    {
        if (text is not null && ModelSettings.TryParseSmoothing(text, ModelSettings.DefaultOrder, out ModelSettings settings))
        {
            smoothing = new Smoothing(settings.AdditiveSmoothing, settings.Smoothing == NGramSmoothingKind.KneserNey);
            return true;
        }

        smoothing = default;
        return false;
    }

    /// <summary>The smoothing as <c>MakemoreSmoothing</c> would write it: <c>KneserNey</c>, or α (round-trip).</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        _isKneserNey ? ModelSettings.KneserNeyName : _alpha.ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public bool Equals(Smoothing other) => _isKneserNey == other._isKneserNey && _alpha.Equals(other._alpha);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Smoothing other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_isKneserNey, _alpha);

    /// <summary>Whether two smoothings are the same.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Smoothing left, Smoothing right) => left.Equals(right);

    /// <summary>Whether two smoothings differ.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Smoothing left, Smoothing right) => !left.Equals(right);

    /// <summary>The shared settings for a model of <paramref name="order"/>.</summary>
    internal ModelSettings ToSettings(int order) =>
        new(order, _isKneserNey ? NGramSmoothingKind.KneserNey : NGramSmoothingKind.Additive, _alpha);

    /// <summary>The public view of shared settings.</summary>
    internal static Smoothing From(ModelSettings settings) =>
        new(settings.AdditiveSmoothing, settings.Smoothing == NGramSmoothingKind.KneserNey);
}
