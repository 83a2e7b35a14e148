using System;
using System.Threading.Tasks;

namespace Makemore.Sampling;

/// <summary>
/// The bulk sampler on several threads with an output that does not depend on them: fixed-size chunks, each from
/// its own jumped generator, moved together in order afterwards.
/// </summary>
internal static class ParallelLines
{
    /// <summary>Fills <paramref name="destination"/> chunk by chunk in parallel (see <see cref="BigramBulkSampler.SampleLinesParallel"/>).</summary>
    /// <returns>The number of names written.</returns>
    public static int Fill(
        ref Xoshiro256StarStar random,
        ReadOnlySpan<uint> aliasTable,
        ReadOnlySpan<char> alphabet,
        Memory<char> destination,
        int chunkLength,
        int maxNameLength,
        int maxDegreeOfParallelism,
        out int charsWritten)
    {
        int chunks = (int)(((long)destination.Length + chunkLength - 1) / chunkLength);
        var generators = new Xoshiro256StarStar[chunks];
        Xoshiro256StarStar next = random;
        for (int k = 0; k < chunks; k++)
        {
            generators[k] = next;
            next.Jump();
        }

        // The worker lambda cannot capture spans: the tables are copied once per call.
        uint[] table = aliasTable.ToArray();
        string symbols = alphabet.ToString();
        var names = new int[chunks];
        var lengths = new int[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, k =>
        {
            int start = k * chunkLength;
            Span<char> chunk = destination.Span.Slice(start, Math.Min(chunkLength, destination.Length - start));
            names[k] = FillChunk(ref generators[k], table, symbols, chunk, maxNameLength, out lengths[k]);
        });

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
        total += FillChunk(ref tail, table, symbols, all[written..], maxNameLength, out int tailLength);
        written += tailLength;
        next.Jump();
        random = next;
        charsWritten = written;
        return total;
    }

    private static int FillChunk(ref Xoshiro256StarStar random, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet, Span<char> chunk, int maxNameLength, out int charsWritten)
    {
        XoshiroLanes.State lanes = default;
        XoshiroLanes.Seed(ref random, ref lanes);
        return LineFiller.Fill(ref lanes, aliasTable, alphabet, chunk, maxNameLength, out charsWritten);
    }
}
