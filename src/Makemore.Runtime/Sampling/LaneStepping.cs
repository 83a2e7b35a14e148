using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System;
using Makemore.Modeling.Tables;

namespace Makemore.Sampling;

/// <summary>
/// Runs bigram chains through a buffer, one character per step: the symbol drawn, or '\n' where the chain passes
/// through the end token, so that a lane never branches on a name's end and the lanes advance in lockstep.
/// </summary>
internal static class LaneStepping
{
    // Steps of draws made at a time: BlockSteps × XoshiroLanes.Count packed draws, 1 KiB of stack.
    private const int BlockSteps = 32;

    /// <summary>
    /// Runs the <see cref="XoshiroLanes.Count"/> chains through consecutive regions of <paramref name="region"/>
    /// characters each, in lockstep: lane l writes <c>destination[(l × region)..][..region]</c>.
    /// </summary>
    /// <param name="lanes">The lanes' generators, advanced by <paramref name="region"/> steps.</param>
    /// <param name="aliasTable">The model's alias table; every alias checked below V.</param>
    /// <param name="lineChars">The alphabet with '\n' for the end token.</param>
    /// <param name="destination">Exactly <see cref="XoshiroLanes.Count"/> × <paramref name="region"/> characters.</param>
    /// <param name="region">Characters per lane.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunLanes(ref XoshiroLanes.State lanes, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> lineChars, Span<char> destination, int region)
    {
        if (destination.Length != XoshiroLanes.Count * region)
        {
            throw new ArgumentException("The destination must hold exactly one region per lane.", nameof(destination));
        }

        uint v = (uint)lineChars.Length;
        ref uint table = ref MemoryMarshal.GetReference(aliasTable);
        ref char chars = ref MemoryMarshal.GetReference(lineChars);
        ref char output = ref MemoryMarshal.GetReference(destination);
        Span<uint> block = stackalloc uint[BlockSteps * XoshiroLanes.Count];
        ref uint block0 = ref MemoryMarshal.GetReference(block);
        nint stride = region;
        uint symbol0 = 0, symbol1 = 0, symbol2 = 0, symbol3 = 0, symbol4 = 0, symbol5 = 0, symbol6 = 0, symbol7 = 0;
        for (int step = 0; step < region; step += BlockSteps)
        {
            int steps = Math.Min(BlockSteps, region - step);
            XoshiroLanes.MakePackedDraws(ref lanes, block, steps, v);
            ref char at = ref Unsafe.Add(ref output, step);
            for (nint s = 0; s < steps; s++)
            {
                // The eight chains by hand, each symbol in its own register: lane l's step s lands inside the
                // destination (checked above), and aliases were checked < V.
                ref uint draws = ref Unsafe.Add(ref block0, s * XoshiroLanes.Count);
                ref char cell = ref Unsafe.Add(ref at, s);
                cell = Step(draws, ref table, ref chars, v, ref symbol0);
                Unsafe.Add(ref cell, stride) = Step(Unsafe.Add(ref draws, 1), ref table, ref chars, v, ref symbol1);
                Unsafe.Add(ref cell, 2 * stride) = Step(Unsafe.Add(ref draws, 2), ref table, ref chars, v, ref symbol2);
                Unsafe.Add(ref cell, 3 * stride) = Step(Unsafe.Add(ref draws, 3), ref table, ref chars, v, ref symbol3);
                Unsafe.Add(ref cell, 4 * stride) = Step(Unsafe.Add(ref draws, 4), ref table, ref chars, v, ref symbol4);
                Unsafe.Add(ref cell, 5 * stride) = Step(Unsafe.Add(ref draws, 5), ref table, ref chars, v, ref symbol5);
                Unsafe.Add(ref cell, 6 * stride) = Step(Unsafe.Add(ref draws, 6), ref table, ref chars, v, ref symbol6);
                Unsafe.Add(ref cell, 7 * stride) = Step(Unsafe.Add(ref draws, 7), ref table, ref chars, v, ref symbol7);
            }
        }
    }

    /// <summary>One chain through the whole of <paramref name="destination"/>, from the scalar generator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunOneLane(ref Xoshiro256StarStar random, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> lineChars, Span<char> destination)
    {
        uint v = (uint)lineChars.Length;
        ref uint table = ref MemoryMarshal.GetReference(aliasTable);
        ref char chars = ref MemoryMarshal.GetReference(lineChars);
        Xoshiro256StarStar rng = random;
        uint symbol = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Step(AliasDraw.Pack(rng.NextUInt64(), v), ref table, ref chars, v, ref symbol);
        }

        random = rng;
    }

    /// <summary>One step of one chain: the character written ('\n' for the end token); <paramref name="previous"/> becomes the symbol drawn.</summary>
    /// <remarks>
    /// Written for throughput rather than latency (the lanes hide each other's latency): the fewest operations,
    /// so it multiplies the symbol by V rather than loading the cell's ready-made alias row.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static char Step(uint draw, ref uint table, ref char chars, uint v, ref uint previous)
    {
        uint column = draw & 0xFF;
        uint entry = Unsafe.Add(ref table, (nint)((previous * v) + column) * AliasTableBuilder.WordsPerCell);
        uint keep = AliasDraw.KeepMask(draw, entry);
        uint alias = entry & 0xFF;
        previous = alias ^ ((alias ^ column) & keep);
        return Unsafe.Add(ref chars, (nint)previous);
    }
}
