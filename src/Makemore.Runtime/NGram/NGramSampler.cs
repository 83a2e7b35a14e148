using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System;
using Makemore.Modeling.Tables;
using Makemore.Sampling;

namespace Makemore.NGram;

/// <summary>
/// Draws names from an order-n model's tables exactly as the interpolated model gives them (see
/// <see cref="NGramTables"/>): at each block one 64-bit random number picks a slot from the block's alias table; a
/// pair yields its symbol, an escape goes on to the escape table it links to, which draws from the parent without
/// the symbols of the node escaped from. Nothing is allocated, nothing is hashed and nothing is drawn again: every
/// step follows a stored handle to one slot and its alias, a second one of the same block. The step itself is the
/// format's (<see cref="NarrowRecords"/>, <see cref="WideRecords"/>).
/// </summary>
internal static class NGramSampler
{
    /// <summary>
    /// Draws the next symbol after the context <paramref name="node"/> (a handle) and the handle of the node to
    /// continue from (meaningless after the end symbol 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextSymbol<TRandom>(ref TRandom random, scoped in NGramTable table, ulong node, out ulong nextNode)
        where TRandom : struct, IRandomSource
    {
        int w = table.IsWide
            ? (int)WideRecords.Draw(ref random, ref WideRecords.Base(table), table, ref node)
            : (int)NarrowRecords.Draw(ref random, ref NarrowRecords.Base(table), table, ref node);
        nextNode = node;
        return w;
    }

    /// <summary>
    /// Writes one name (without boundary tokens) into <paramref name="destination"/> and returns its length. A
    /// name longer than the destination is discarded and drawn again (the result follows the model conditioned on
    /// length ≤ destination.Length); a destination shorter than the shortest possible name throws.
    /// </summary>
    /// <remarks>
    /// Inlined into its callers: a call's fixed cost is a tenth of an order-6 name, and left to dynamic PGO the JIT
    /// inlined it in some processes and not in others (order 6 measured anywhere from 112 to 131 ns).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Sample<TRandom>(ref TRandom random, scoped in NGramTable table, Span<char> destination)
        where TRandom : struct, IRandomSource
    {
        if (destination.Length < table.ShortestName)
        {
            SpanSampling.ThrowDestinationTooShort(destination.Length, table.ShortestName, nameof(destination));
        }

        return SampleFrom(ref random, table, table.StartHandle, destination);
    }

    /// <summary>
    /// Writes the rest of a name drawn from the context <paramref name="start"/> (a handle) into
    /// <paramref name="destination"/> and returns its length, drawing again from <paramref name="start"/> when it
    /// does not fit: <see cref="Sample"/> from the start node, and the constrained sampler after a prefix. Gives up
    /// after <see cref="SpanSampling.MaxSymbols"/> symbols without a name that fits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SampleFrom<TRandom>(ref TRandom random, scoped in NGramTable table, ulong start, Span<char> destination)
        where TRandom : struct, IRandomSource =>
        SampleFrom(ref random, table, start, destination, SpanSampling.MaxSymbols);

    /// <summary>The same, giving up after <paramref name="maxSymbols"/> symbols (the tests' short fuse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int SampleFrom<TRandom>(ref TRandom random, scoped in NGramTable table, ulong start, Span<char> destination, long maxSymbols)
        where TRandom : struct, IRandomSource =>
        table.IsWide
            ? SampleFrom<TRandom, WideRecords>(ref random, table, start, destination, maxSymbols)
            : SampleFrom<TRandom, NarrowRecords>(ref random, table, start, destination, maxSymbols);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SampleFrom<TRandom, TRecords>(ref TRandom random, scoped in NGramTable table, ulong start, Span<char> destination, long maxSymbols)
        where TRandom : struct, IRandomSource
        where TRecords : struct, ITreeRecords
    {
        // The messages are built elsewhere: their string handlers' locals would otherwise be zeroed on every call.
        // The loop keeps few values live (references, native-width length) so that the JIT keeps them in
        // registers; the symbols spent on names that did not fit are counted only when one does not.
        ref byte slots = ref TRecords.Base(table);
        ReadOnlySpan<char> alphabet = table.Alphabet;
        ref char name = ref MemoryMarshal.GetReference(destination);
        nuint capacity = (nuint)destination.Length;
        TRandom rng = random;
        nuint length = 0;
        long discarded = 0;
        ulong node = start;
        while (true)
        {
            nuint w = TRecords.Draw(ref rng, ref slots, table, ref node);
            if (w == 0)
            {
                break;
            }

            if (length == capacity)
            {
                // Too long for the caller's buffer: draw again.
                discarded += (long)capacity + 1;
                if (discarded >= maxSymbols)
                {
                    SpanSampling.ThrowNoNameFits(destination.Length, discarded);
                }

                length = 0;
                node = start;
                continue;
            }

            Unsafe.Add(ref name, length++) = alphabet[(int)w];
        }

        random = rng;
        return (int)length;
    }

    /// <summary>
    /// The high word of the 128-bit product. Math.BigMul's low word comes back through memory (an out parameter,
    /// which also has the method zero a stack slot on every call); the low word is a plain multiplication.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong HighProduct(ulong bits, uint count) =>
        Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(bits, count) : Math.BigMul(bits, count, out _);
}
