using System;
using System.Runtime.CompilerServices;

namespace Makemore.Sampling;

/// <summary>
/// One call of the bulk sampler: the buffer split into a region per lane, filled by the lanes in lockstep and
/// compacted, then what space is left filled by a single lane.
/// </summary>
internal static class LineFiller
{
    // Lanes are used only when each region is at least this many times maxNameLength + 1, so that the unused
    // end of each region (under maxNameLength + 1 characters) is a small part of it.
    private const int MinimumRegionsPerReserve = 4;

    /// <summary>Fills <paramref name="destination"/> with names and their '\n's from the seeded lanes.</summary>
    /// <returns>The number of names written.</returns>
    /// <remarks>
    /// Compiled fully optimised at once (as are the loops it calls): left to tiering, the draw maker was sometimes
    /// never promoted from its instrumented first tier within a run.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Fill(ref XoshiroLanes.State lanes, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet, Span<char> destination, int maxNameLength, out int charsWritten, long fuse = SpanSampling.MaxSymbols)
    {
        int v = alphabet.Length;
        Span<char> lineChars = stackalloc char[v];
        alphabet.CopyTo(lineChars);
        lineChars[0] = '\n';
        int reserve = maxNameLength + 1;
        int written = 0;
        int names = 0;

        int region = destination.Length / XoshiroLanes.Count;
        if (region / MinimumRegionsPerReserve >= reserve)
        {
            LaneStepping.RunLanes(ref lanes, aliasTable, lineChars, destination[..(region * XoshiroLanes.Count)], region);
            for (int lane = 0; lane < XoshiroLanes.Count; lane++)
            {
                names += LineCompaction.Keep(destination, lane * region, region, maxNameLength, ref written);
            }
        }

        // What is left: one lane (lane 0's generator, carried on) until fewer than maxNameLength + 1 characters
        // remain. A pass that keeps nothing (every name too long) is run again, a rejection that keeps the names
        // exact, until the fuse: what was drawn and not kept, against what was kept.
        Xoshiro256StarStar single = XoshiroLanes.Lane(ref lanes, 0);
        long discarded = 0;
        while (destination.Length - written >= reserve)
        {
            int start = written;
            int length = destination.Length - start;
            LaneStepping.RunOneLane(ref single, aliasTable, lineChars, destination.Slice(start, length));
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
}
