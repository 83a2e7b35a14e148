using System.Runtime.CompilerServices;
using System;
using Makemore.Sampling;
using Makemore.Symbols;

namespace Makemore.NGram;

/// <summary>
/// The calls every model answers, for the context tree: names of any length as strings, buffers of names as
/// lines (several chains side by side, <see cref="TreeLanes"/>), and the probability of a
/// symbol after a prefix. Each follows the same contract as the bigram's (<see cref="ModelTables"/> documents it).
/// </summary>
internal static class NGramLines
{
    // The chains side by side are used only when each region is at least this many times maxNameLength + 1, so
    // that the unused end of each region (under maxNameLength + 1 characters) is a small part of it.
    private const int MinimumRegionsPerReserve = 4;

    /// <summary>One name of any length, as a string (at most <see cref="GrowingName.MaxLength"/> characters).</summary>
    public static string SampleString<TRandom>(ref TRandom random, scoped in NGramTable table)
        where TRandom : struct, IRandomSource
    {
        ReadOnlySpan<char> alphabet = table.Alphabet;
        var name = new GrowingName(stackalloc char[64]);
        ulong node = table.StartHandle;
        while (true)
        {
            int w = NGramSampler.NextSymbol(ref random, table, node, out node);
            if (w == 0)
            {
                return name.ToStringAndReturn();
            }

            name.Append(alphabet[w]);
        }
    }

    /// <summary>Fills <paramref name="destination"/> with names and '\n's, each name at most <paramref name="maxNameLength"/> long.</summary>
    public static int SampleLines<TRandom>(ref TRandom random, scoped in NGramTable table, Span<char> destination, out int charsWritten, int maxNameLength, long fuse = SpanSampling.MaxSymbols)
        where TRandom : struct, IRandomSource
    {
        CheckMaxNameLength(table, maxNameLength);
        SpanSampling.CheckLineDestination(destination.Length, maxNameLength, nameof(destination));
        return Fill(ref random, table, destination, out charsWritten, maxNameLength, fuse);
    }

    /// <summary>
    /// <see cref="SampleLines"/> without the argument checks (a chunk of a parallel fill, or what is left after the
    /// chunks, may be too short for a name: it is then left empty), as the bigram's bulk sampler fills a buffer
    /// (<see cref="LineFiller"/>): <see cref="XoshiroLanes.Count"/> chains side by side (<see cref="TreeLanes"/>),
    /// each seeded from <paramref name="random"/>, through a region each, whose names are kept by the rule of
    /// <see cref="LineCompaction.Keep"/>; then one chain (lane 0's generator, carried on) through what is left, again
    /// while a name of <paramref name="maxNameLength"/> still fits. A name longer than the limit is dropped, so each
    /// kept name follows the model given length ≤ max; the call gives up after <see cref="SpanSampling.BulkFuseBlown"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Fill<TRandom>(ref TRandom random, scoped in NGramTable table, Span<char> destination, out int charsWritten, int maxNameLength, long fuse)
        where TRandom : struct, IRandomSource
    {
        XoshiroLanes.State lanes = default;
        XoshiroLanes.Seed(ref random, ref lanes);
        return table.IsWide
            ? Fill<WideRecords>(ref lanes, table, destination, out charsWritten, maxNameLength, fuse)
            : Fill<NarrowRecords>(ref lanes, table, destination, out charsWritten, maxNameLength, fuse);
    }

    private static int Fill<TRecords>(ref XoshiroLanes.State lanes, scoped in NGramTable table, Span<char> destination, out int charsWritten, int maxNameLength, long fuse)
        where TRecords : struct, ITreeRecords
    {
        int reserve = maxNameLength + 1;
        int written = 0;
        int names = 0;
        Xoshiro256StarStar single;
        int region = destination.Length / XoshiroLanes.Count;
        if (region / MinimumRegionsPerReserve >= reserve)
        {
            single = TreeLanes.Run<TRecords>(ref lanes, table, destination[..(region * XoshiroLanes.Count)], region);
            for (int lane = 0; lane < XoshiroLanes.Count; lane++)
            {
                names += LineCompaction.Keep(destination, lane * region, region, maxNameLength, ref written);
            }
        }
        else
        {
            single = XoshiroLanes.Lane(ref lanes, 0);
        }

        // A pass that keeps nothing (every name too long) is run again, a rejection that keeps the names exact,
        // until the fuse: what was drawn and not kept, against what was kept.
        long discarded = 0;
        while (destination.Length - written >= reserve)
        {
            int start = written;
            int length = destination.Length - start;
            TreeLanes.RunOne<TRecords>(ref single, table, destination.Slice(start, length));
            names += LineCompaction.Keep(destination, start, length, maxNameLength, ref written);
            discarded += length - (written - start);
            if (SpanSampling.BulkFuseBlown(discarded, written, fuse))
            {
                SpanSampling.ThrowNoLineFits(maxNameLength, discarded, names);
            }
        }

        charsWritten = written;
        return names;
    }

    /// <summary>Fills <paramref name="destination"/> in fixed chunks on several threads, as the bigram's bulk sampler does (<see cref="ParallelLines"/>).</summary>
    public static int SampleLinesParallel(ref Xoshiro256StarStar random, scoped in NGramTable table, Memory<char> destination, out int charsWritten, int maxNameLength, int maxDegreeOfParallelism, long fuse = SpanSampling.MaxSymbols)
    {
        CheckMaxNameLength(table, maxNameLength);
        SpanSampling.CheckLineDestination(destination.Length, maxNameLength, nameof(destination));
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use −1 or a positive number of threads.");
        }

        // Worker threads cannot reach the caller's spans, but the arrays behind them: the tables are shared, the ASCII index copied.
        var filler = new TreeChunkFiller(table.Tables, table.AsciiIndex.ToArray(), fuse);
        return ParallelLines.Fill(ref random, filler, destination, ParallelLines.ChunkLength, maxNameLength, maxDegreeOfParallelism, out charsWritten);
    }

    /// <summary>P(next | the name so far is <paramref name="prefix"/>).</summary>
    public static double Probability(scoped in NGramTable table, ReadOnlySpan<char> prefix, char next)
    {
        ulong node = table.StartHandle;
        foreach (char c in prefix)
        {
            int w = SymbolLookup.IndexOf(table.Alphabet, table.AsciiIndex, c);
            if (w <= 0)
            {
                SymbolLookup.ThrowNotInPrefix(c, prefix, table.Alphabet);
            }

            NGramLikelihood.Score(table, node, w, out node);
        }

        int symbol = SymbolLookup.IndexOfSymbol(table.Alphabet, table.AsciiIndex, next, nameof(next));
        return Math.Exp(-NGramLikelihood.Score(table, node, symbol, out _));
    }

    private static void CheckMaxNameLength(scoped in NGramTable table, int maxNameLength)
    {
        if (maxNameLength < table.ShortestName)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNameLength), maxNameLength, $"The shortest name this model can produce has {table.ShortestName} characters.");
        }
    }
}
