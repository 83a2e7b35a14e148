using System;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace Makemore.Sampling;

/// <summary>
/// Any model's bulk sampler on several threads with an output that does not depend on them: fixed-size chunks,
/// each from its own jumped generator, moved together in order afterwards.
/// </summary>
internal static class ParallelLines
{
    /// <summary>
    /// Characters per chunk: each chunk is filled by one thread from its own generator, whatever the number of
    /// threads, so that the output depends on the seed alone.
    /// </summary>
    public const int ChunkLength = 1 << 16;

    /// <summary>Fills <paramref name="destination"/> chunk by chunk in parallel (see <see cref="LanguageModel.SampleLinesParallel"/>).</summary>
    /// <returns>The number of names written.</returns>
    public static int Fill<TFiller>(
        ref Xoshiro256StarStar random,
        TFiller filler,
        Memory<char> destination,
        int chunkLength,
        int maxNameLength,
        int maxDegreeOfParallelism,
        out int charsWritten)
        where TFiller : IChunkFiller
    {
        int chunks = (int)(((long)destination.Length + chunkLength - 1) / chunkLength);
        var generators = new Xoshiro256StarStar[chunks];
        Xoshiro256StarStar next = random;
        for (int k = 0; k < chunks; k++)
        {
            generators[k] = next;
            next.Jump();
        }

        var names = new int[chunks];
        var lengths = new int[chunks];
        try
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, k =>
            {
                int start = k * chunkLength;
                Span<char> chunk = destination.Span.Slice(start, Math.Min(chunkLength, destination.Length - start));
                names[k] = filler.Fill(ref generators[k], chunk, maxNameLength, out lengths[k]);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // A chunk's fuse (names that never fit) is the caller's error as the one-core call reports it, not a wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        // Every move is to a lower offset than its source (or the same): in order, nothing is overwritten unread.
        Span<char> all = destination.Span;
        int written = 0;
        int total = 0;
        for (int k = 0; k < chunks; k++)
        {
            all.Slice(k * chunkLength, lengths[k]).CopyTo(all[written..]);
            written += lengths[k];
            total += names[k];
        }

        Xoshiro256StarStar tail = next;
        total += filler.Fill(ref tail, all[written..], maxNameLength, out int tailLength);
        written += tailLength;
        next.Jump();
        random = next;
        charsWritten = written;
        return total;
    }
}
