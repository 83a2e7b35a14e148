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
    /// <summary>
    /// Symbols a draw may take without a name that fits, through the model's alias tables (about a second) or through
    /// the tempered model under <see cref="SamplingOptions"/> (a few seconds: its steps cost more). One number, the
    /// 2^28 the documentation states, for every sampler.
    /// </summary>
    public const long MaxSymbols = 1L << 28;

    /// <summary>
    /// Symbols a bulk fill (<c>SampleLines</c>) may discard, on names longer than maxNameLength or cut off by the
    /// buffer's end, for each character it keeps, beyond <see cref="MaxSymbols"/>: past that, fewer than about one
    /// name in a thousand fits the limit, and the fill gives up rather than spin.
    /// </summary>
    public const int DiscardedPerCharacter = 1024;

    /// <summary>
    /// Whether a bulk fill that has discarded <paramref name="discarded"/> symbols and kept <paramref name="written"/>
    /// characters should give up: beyond <paramref name="fuse"/> (<see cref="MaxSymbols"/>, or the tests' short fuse)
    /// and <see cref="DiscardedPerCharacter"/> a character kept.
    /// </summary>
    public static bool BulkFuseBlown(long discarded, long written, long fuse) => discarded > fuse + (DiscardedPerCharacter * written);

    /// <summary>Throws for a bulk fill whose names (almost) never fit the limit.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowNoLineFits(int maxNameLength, long discarded, int names) =>
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"Names of at most {maxNameLength} characters (maxNameLength) are too rare in this model: {discarded:N0} symbols went to names too long to keep while {names:N0} names were kept. Give a larger maxNameLength."));

    /// <summary>Throws unless the destination holds one name of <paramref name="maxNameLength"/> characters and its '\n'.</summary>
    public static void CheckLineDestination(int length, int maxNameLength, string parameterName)
    {
        if (length < (long)maxNameLength + 1)
        {
            ThrowLineDestinationTooShort(length, maxNameLength, parameterName);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLineDestinationTooShort(int length, int maxNameLength, string parameterName) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The destination holds {length} characters, too few for one name of up to {maxNameLength} characters (maxNameLength) and its '\n': give at least {(long)maxNameLength + 1} characters, or a smaller maxNameLength."),
            parameterName);

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
