using System;
using Makemore.Sampling;

namespace Makemore.Transformers;

/// <summary>
/// A chunk of a transformer's parallel fill: <see cref="TransformerCalls.SampleLines"/> over the model's own arrays,
/// with the workspace of the thread that fills it (each worker allocates its own once, then reuses it).
/// </summary>
internal readonly struct TransformerChunkFiller(TransformerModel model) : IChunkFiller
{
    /// <summary>
    /// Characters per chunk: a transformer's name costs microseconds where a count model's costs nanoseconds, so its
    /// chunks are smaller than <see cref="ParallelLines.ChunkLength"/> (about a thousand names each) to give every core
    /// work in a buffer of a few thousand names; still large enough that the batch sampler's slots stay full.
    /// </summary>
    public const int ChunkLength = 1 << 13;

    /// <summary>Fills the chunk; a chunk too short for a name of the longest length kept (the buffer's last) gets none.</summary>
    public int Fill(ref Xoshiro256StarStar random, Span<char> chunk, int maxNameLength, out int charsWritten)
    {
        if (chunk.Length <= maxNameLength)
        {
            charsWritten = 0;
            return 0;
        }

        return TransformerCalls.SampleLines(ref random, model.Weights, chunk, out charsWritten, maxNameLength);
    }
}
