using System;
using Makemore.Modeling.Tables;
using Makemore.Sampling;

namespace Makemore.NGram;

/// <summary>A chunk of the context tree's bulk sampler, filled name by name from the model's own arrays.</summary>
internal readonly struct TreeChunkFiller(NGramTables tables, byte[] asciiIndex, long fuse) : IChunkFiller
{
    public int Fill(ref Xoshiro256StarStar random, Span<char> chunk, int maxNameLength, out int charsWritten) =>
        NGramLines.Fill(ref random, new NGramTable(tables, asciiIndex), chunk, out charsWritten, maxNameLength, fuse);
}
