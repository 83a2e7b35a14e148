using System;
using Makemore.Sampling;
using Makemore.Symbols;

namespace Makemore.NGram;

/// <summary>
/// The calls every model answers, for the context tree: names of any length as strings, buffers of names as
/// lines (one chain at a time, which the tree's dependent loads make the natural unit), and the probability of a
/// symbol after a prefix. Each follows the same contract as the bigram's (<see cref="ModelTables"/> documents it).
/// </summary>
internal static class NGramLines
{
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
    /// chunks, may be too short for a name: it is then left empty). A name longer than the limit is drawn again, so
    /// each kept name follows the model given length ≤ max; the call gives up after <see cref="SpanSampling.BulkFuseBlown"/>.
    /// </summary>
    internal static int Fill<TRandom>(ref TRandom random, scoped in NGramTable table, Span<char> destination, out int charsWritten, int maxNameLength, long fuse)
        where TRandom : struct, IRandomSource
    {
        ReadOnlySpan<char> alphabet = table.Alphabet;
        int written = 0;
        int names = 0;
        long discarded = 0;
        while (destination.Length - written > maxNameLength)
        {
            Span<char> name = destination.Slice(written, maxNameLength);
            int length = 0;
            ulong node = table.StartHandle;
            while (true)
            {
                int w = NGramSampler.NextSymbol(ref random, table, node, out node);
                if (w == 0)
                {
                    break;
                }

                if (length == name.Length)
                {
                    discarded += length + 1;
                    if (SpanSampling.BulkFuseBlown(discarded, written, fuse))
                    {
                        SpanSampling.ThrowNoLineFits(maxNameLength, discarded, names);
                    }

                    length = 0;
                    node = table.StartHandle;
                    continue;
                }

                name[length++] = alphabet[w];
            }

            destination[written + length] = '\n';
            written += length + 1;
            names++;
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
