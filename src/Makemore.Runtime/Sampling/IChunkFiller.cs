using System;

namespace Makemore.Sampling;

/// <summary>
/// Fills one chunk of a parallel fill with names as lines, from its own generator: what
/// <see cref="ParallelLines"/> runs on each thread, for any model. It holds the model's tables on the heap, since
/// worker threads cannot reach the caller's spans.
/// </summary>
internal interface IChunkFiller
{
    /// <summary>Fills <paramref name="chunk"/> from its start; returns the number of names written.</summary>
    int Fill(ref Xoshiro256StarStar random, Span<char> chunk, int maxNameLength, out int charsWritten);
}
