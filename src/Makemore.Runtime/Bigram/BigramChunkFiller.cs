using System;
using Makemore.Sampling;

namespace Makemore.Bigram;

/// <summary>A chunk of the bigram's bulk sampler: 8 lanes seeded from the chunk's generator (copies of the tables).</summary>
internal readonly struct BigramChunkFiller(uint[] aliasTable, string alphabet, long fuse) : IChunkFiller
{
    public int Fill(ref Xoshiro256StarStar random, Span<char> chunk, int maxNameLength, out int charsWritten)
    {
        XoshiroLanes.State lanes = default;
        XoshiroLanes.Seed(ref random, ref lanes);
        return LineFiller.Fill(ref lanes, aliasTable, alphabet, chunk, maxNameLength, out charsWritten, fuse);
    }
}
