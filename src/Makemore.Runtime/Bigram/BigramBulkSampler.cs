using System;
using Makemore.Sampling;

namespace Makemore.Bigram;

/// <summary>
/// Fills a caller's buffer with many names at once: the names as lines, each followed by <c>'\n'</c>, so the
/// result is itself a names list (an empty line is an empty name, which a model with P['.', '.'] &gt; 0 can draw).
/// Allocation-free; several times faster per name than <see cref="BigramSampler"/>, which can only follow one
/// name's chain of dependent table loads at a time.
/// </summary>
/// <remarks>
/// <para>
/// How: the buffer is split into <see cref="Lanes"/> regions, and each lane runs the bigram chain through its own
/// region, writing '\n' where the chain passes through '.', so that every step writes exactly one character and
/// the lanes advance in lockstep without a branch per name. The lanes' chains are independent, so the processor
/// overlaps their table loads. Each lane has its own xoshiro256** stream, seeded from the caller's generator on
/// every call (4 draws per lane, each passed through SplitMix64's mixer); the lanes' random numbers are made a
/// block at a time with SIMD where the processor has it (AVX-512 or AVX2), with the same values either way. The
/// kept names are then moved together, and what space is left at the end is filled by a single lane the same way.
/// </para>
/// <para>
/// What is kept, so that the names are independent draws from the model and none is truncated: a name is kept
/// when it starts at least <c>maxNameLength + 1</c> characters before the end of its region (a rule that looks
/// only at the names before it) and is no longer than <c>maxNameLength</c>. Names are therefore drawn from the
/// model conditioned on length ≤ <c>maxNameLength</c>, exactly as <see cref="BigramSampler"/> conditions on the
/// destination's length; the default, 64, is far beyond any name list's longest name. Filling stops when fewer
/// than <c>maxNameLength + 1</c> characters remain; a buffer that cannot hold one such name is refused, and names
/// that (almost) never fit end in an <see cref="InvalidOperationException"/> after the fuse rather than a spin.
/// </para>
/// <para>
/// The output is a deterministic function of the generator's state, the tables, the buffer's length and
/// <c>maxNameLength</c>, on every processor.
/// </para>
/// </remarks>
internal static class BigramBulkSampler
{
    /// <summary>The longest name kept unless the caller says otherwise; longer draws are discarded.</summary>
    public const int DefaultMaxNameLength = ModelTables.DefaultMaxNameLength;

    /// <summary>Names drawn side by side by <see cref="SampleLines"/>.</summary>
    public const int Lanes = XoshiroLanes.Count;

    /// <summary>
    /// Fills <paramref name="destination"/> with whole names, each followed by <c>'\n'</c>, and returns how many
    /// were written. Allocates nothing.
    /// </summary>
    /// <typeparam name="TRandom">The random source; it seeds the lanes' generators (4 × <see cref="Lanes"/> draws per call).</typeparam>
    /// <param name="random">The random source, advanced by the call.</param>
    /// <param name="aliasTable">The model's alias table (V×V cells).</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <param name="shortestSampleLength">The shortest name the table can produce.</param>
    /// <param name="destination">Where the names are written, from its start; the characters after them are used as scratch space and left unspecified.</param>
    /// <param name="charsWritten">How many characters were written: the names and their '\n's.</param>
    /// <param name="maxNameLength">The longest name kept (see remarks); at least <paramref name="shortestSampleLength"/>.</param>
    /// <returns>The number of names written (the number of '\n's in <c>destination[..charsWritten]</c>).</returns>
    /// <exception cref="ArgumentException">The tables are malformed, the model cannot produce a finite name, or the destination is shorter than <paramref name="maxNameLength"/> + 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNameLength"/> is below the shortest name the model can produce.</exception>
    /// <exception cref="InvalidOperationException">Names of at most <paramref name="maxNameLength"/> characters are too rare to fill the buffer (<see cref="SpanSampling.BulkFuseBlown"/>).</exception>
    public static int SampleLines<TRandom>(
        ref TRandom random,
        ReadOnlySpan<uint> aliasTable,
        ReadOnlySpan<char> alphabet,
        int shortestSampleLength,
        Span<char> destination,
        out int charsWritten,
        int maxNameLength = DefaultMaxNameLength)
        where TRandom : struct, IRandomSource =>
        SampleLinesWithFuse(ref random, aliasTable, alphabet, shortestSampleLength, destination, out charsWritten, maxNameLength, SpanSampling.MaxSymbols);

    /// <summary><see cref="SampleLines"/> with its fuse given (the tests' short one).</summary>
    internal static int SampleLinesWithFuse<TRandom>(
        ref TRandom random,
        ReadOnlySpan<uint> aliasTable,
        ReadOnlySpan<char> alphabet,
        int shortestSampleLength,
        Span<char> destination,
        out int charsWritten,
        int maxNameLength,
        long fuse)
        where TRandom : struct, IRandomSource
    {
        BigramBulkArguments.Validate(aliasTable, alphabet, shortestSampleLength, maxNameLength);
        SpanSampling.CheckLineDestination(destination.Length, maxNameLength, nameof(destination));
        XoshiroLanes.State lanes = default;
        XoshiroLanes.Seed(ref random, ref lanes);
        return LineFiller.Fill(ref lanes, aliasTable, alphabet, destination, maxNameLength, out charsWritten, fuse);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with whole names, each followed by <c>'\n'</c>, on several threads;
    /// the result depends only on the generator, the tables, the buffer's length and <paramref name="maxNameLength"/>,
    /// not on the number of threads or their scheduling.
    /// </summary>
    /// <remarks>
    /// The buffer is cut into chunks of <see cref="ParallelLines.ChunkLength"/> characters. Chunk k is filled as by
    /// <see cref="SampleLines"/> from a copy of <paramref name="random"/> advanced by k calls to
    /// <see cref="Xoshiro256StarStar.Jump"/>, so the chunks draw from non-overlapping streams. The chunks' names
    /// are then moved together and the space left at the end is filled from the next jumped copy. On return,
    /// <paramref name="random"/> has jumped once more than the last copy used. Allocates a few small arrays.
    /// </remarks>
    /// <param name="random">The generator; it is advanced by whole jumps.</param>
    /// <param name="aliasTable">The model's alias table (V×V cells).</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <param name="shortestSampleLength">The shortest name the table can produce.</param>
    /// <param name="destination">Where the names are written, from its start; the characters after them are used as scratch space and left unspecified.</param>
    /// <param name="charsWritten">How many characters were written: the names and their '\n's.</param>
    /// <param name="maxNameLength">The longest name kept; at least <paramref name="shortestSampleLength"/>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads used; −1 for as many as the scheduler likes.</param>
    /// <returns>The number of names written.</returns>
    /// <exception cref="ArgumentException">The tables are malformed, or the model cannot produce a finite name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNameLength"/> is below the shortest name the model can produce, or <paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    public static int SampleLinesParallel(
        ref Xoshiro256StarStar random,
        ReadOnlySpan<uint> aliasTable,
        ReadOnlySpan<char> alphabet,
        int shortestSampleLength,
        Memory<char> destination,
        out int charsWritten,
        int maxNameLength = DefaultMaxNameLength,
        int maxDegreeOfParallelism = -1) =>
        SampleLinesParallelWithFuse(ref random, aliasTable, alphabet, shortestSampleLength, destination, out charsWritten, maxNameLength, maxDegreeOfParallelism, SpanSampling.MaxSymbols);

    /// <summary><see cref="SampleLinesParallel"/> with its fuse given.</summary>
    internal static int SampleLinesParallelWithFuse(
        ref Xoshiro256StarStar random,
        ReadOnlySpan<uint> aliasTable,
        ReadOnlySpan<char> alphabet,
        int shortestSampleLength,
        Memory<char> destination,
        out int charsWritten,
        int maxNameLength,
        int maxDegreeOfParallelism,
        long fuse)
    {
        BigramBulkArguments.Validate(aliasTable, alphabet, shortestSampleLength, maxNameLength);
        SpanSampling.CheckLineDestination(destination.Length, maxNameLength, nameof(destination));
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use −1 or a positive number of threads.");
        }

        // Worker threads cannot reach the caller's spans: the tables are copied once per call.
        return ParallelLines.Fill(ref random, new BigramChunkFiller(aliasTable.ToArray(), alphabet.ToString(), fuse), destination, ParallelLines.ChunkLength, maxNameLength, maxDegreeOfParallelism, out charsWritten);
    }
}
