using System;
using Makemore.Modeling;
using Makemore.Sampling;

namespace Makemore.NGram;

/// <summary>A chunk of the context tree's bulk sampler, filled name by name (copies of the tables).</summary>
internal readonly struct TreeChunkFiller(string alphabet, byte[] asciiIndex, uint startHandle, int shortestName, NGramSlot[] records, byte[] symbols, long fuse) : IChunkFiller
{
    public int Fill(ref Xoshiro256StarStar random, Span<char> chunk, int maxNameLength, out int charsWritten) =>
        NGramLines.Fill(ref random, new NGramTable(alphabet, asciiIndex, startHandle, shortestName, records, symbols), chunk, out charsWritten, maxNameLength, fuse);
}
