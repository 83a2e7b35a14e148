using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Makemore.Sampling;

/// <summary>
/// How long a draw into a caller's span may look for a name that fits before it gives up, the same for every
/// sampler: a name that outgrows the span is drawn again, and a model whose names that fit are astronomically rare
/// would otherwise spin for ever.
/// </summary>
internal static class SpanSampling
{
    /// <summary>Symbols a draw through a model's alias tables may take (about a second).</summary>
    public const long MaxSymbols = 1L << 28;

    /// <summary>
    /// The same for a draw through the tempered model (<c>ConditionedDraw</c>, <c>TemperedAliasTables</c>), whose
    /// steps cost several times more.
    /// </summary>
    public const long MaxConditionedSymbols = 1L << 24;

    /// <summary>Throws for a destination shorter than the shortest name the model can produce (−1: none is finite).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowDestinationTooShort(int length, int shortest, string parameterName) =>
        throw new ArgumentException(
            shortest < 0
                ? "The model cannot produce a finite name: no path leads from the start token back to the end token."
                : $"The destination holds {length} characters but the shortest name this model can produce has {shortest}.",
            parameterName);

    /// <summary>Throws for a draw that took <paramref name="symbols"/> symbols without a name that fits.</summary>
    /// <remarks>Out of line: the message's string handler would otherwise cost every draw its zeroed locals.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowNoNameFits(int length, long symbols) =>
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"No name of at most {length} characters was drawn in {symbols:N0} symbols: this model's names that short are too rare to sample. Use a longer destination."));
}
