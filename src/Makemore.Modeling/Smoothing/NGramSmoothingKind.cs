// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling.Smoothing;

/// <summary>How an order-n model turns counts into probabilities.</summary>
internal enum NGramSmoothingKind
{
    /// <summary>P(w | ctx) = (c(ctx, w) + α) / (c(ctx) + α V) over the full n − 1 context.</summary>
    Additive,

    /// <summary>Interpolated modified Kneser–Ney with three discounts per level.</summary>
    KneserNey,
}
