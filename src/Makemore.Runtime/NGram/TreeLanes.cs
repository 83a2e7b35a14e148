using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System;
using Makemore.Modeling.Tables;
using Makemore.Sampling;

namespace Makemore.NGram;

/// <summary>
/// Runs context-tree chains through a buffer, as the bigram's lanes do (<see cref="LaneStepping"/>): each chain
/// writes its names one after the other into its own region, '\n' where it draws the end symbol, and starts the
/// next name at the start node. <see cref="XoshiroLanes.Count"/> chains run side by side, a draw of each in turn, so
/// that the processor overlaps their table loads, which within one chain each wait for the draw before.
/// </summary>
/// <remarks>
/// A chain writes exactly its region's length: a draw that yields a symbol writes its character and moves on, one
/// that goes on (an escape) writes nothing that stays. Each region therefore holds the start of its chain's
/// character stream, cut at a fixed length, which is what <see cref="LineCompaction.Keep"/> needs to keep exact
/// draws of the model. The chains move at different speeds (an escape writes nothing), so they run side by side,
/// without looking at where they are, only while every region has room for a whole block of draws; each then
/// finishes its region alone, from its own generator.
/// </remarks>
internal static class TreeLanes
{
    /// <summary>Draws per chain made at a time: BlockSteps × <see cref="XoshiroLanes.Count"/> draws, 2 KiB of stack.</summary>
    internal const int BlockSteps = 32;

    /// <summary>
    /// Runs the <see cref="XoshiroLanes.Count"/> chains through consecutive regions of <paramref name="region"/>
    /// characters each: lane l writes <c>destination[(l × region)..][..region]</c>, from its own generator.
    /// </summary>
    /// <param name="lanes">The chains' generators, advanced by the call.</param>
    /// <param name="table">The model's tables.</param>
    /// <param name="destination">Exactly <see cref="XoshiroLanes.Count"/> × <paramref name="region"/> characters.</param>
    /// <param name="region">Characters per lane.</param>
    /// <returns>Lane 0's generator after its region is full, for the caller to go on with.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Xoshiro256StarStar Run<TRecords>(ref XoshiroLanes.State lanes, scoped in NGramTable table, Span<char> destination, int region)
        where TRecords : struct, ITreeRecords
    {
        const int Count = XoshiroLanes.Count;
        if (destination.Length != Count * region)
        {
            throw new ArgumentException("The destination must hold exactly one region per lane.", nameof(destination));
        }

        ref byte side = ref TRecords.Side(table);
        ReadOnlySpan<char> alphabet = table.Alphabet;
        ref char output = ref MemoryMarshal.GetReference(destination);
        ulong start = table.StartHandle;
        Span<ulong> draws = stackalloc ulong[BlockSteps * Count];
        ref ulong draws0 = ref MemoryMarshal.GetReference(draws);
        Chains chains = default;
        for (int lane = 0; lane < Count; lane++)
        {
            chains[lane].Node = start;
            chains[lane].Position = lane * region;
        }

        Xoshiro256StarStar first = default;
        unsafe
        {
            // The records stay pinned while the steps prefetch blocks by address (BlockPrefetch).
            fixed (byte* pinned = &TRecords.Base(table))
            {
                ref byte slots = ref *pinned;

                // Side by side: a block of draws at a time while every region has room for a character from each of
                // them, so that nothing in the block looks at a region's end. In small narrow tables the eight chains
                // in two vectors (a loop of its own: beside this one it cost this one registers); otherwise the
                // eight by hand, each at a fixed place on the stack.
                if (typeof(TRecords) == typeof(NarrowRecords) && NarrowLanes.Suits(table))
                {
                    NarrowLanes.Run(ref lanes, ref Unsafe.As<byte, NGramSlot>(ref slots), ref Unsafe.As<byte, ushort>(ref side), start, ref MemoryMarshal.GetReference(alphabet), ref output, draws, region, ref chains);
                }

                while (Room(ref chains, region) >= BlockSteps)
                {
                    XoshiroLanes.MakeDraws(ref lanes, draws, BlockSteps);
                    for (nint s = 0; s < BlockSteps; s++)
                    {
                        ref ulong row = ref Unsafe.Add(ref draws0, s * Count);
                        Step<TRecords>(row, ref slots, ref side, start, alphabet, ref output, ref chains[0]);
                        Step<TRecords>(Unsafe.Add(ref row, 1), ref slots, ref side, start, alphabet, ref output, ref chains[1]);
                        Step<TRecords>(Unsafe.Add(ref row, 2), ref slots, ref side, start, alphabet, ref output, ref chains[2]);
                        Step<TRecords>(Unsafe.Add(ref row, 3), ref slots, ref side, start, alphabet, ref output, ref chains[3]);
                        Step<TRecords>(Unsafe.Add(ref row, 4), ref slots, ref side, start, alphabet, ref output, ref chains[4]);
                        Step<TRecords>(Unsafe.Add(ref row, 5), ref slots, ref side, start, alphabet, ref output, ref chains[5]);
                        Step<TRecords>(Unsafe.Add(ref row, 6), ref slots, ref side, start, alphabet, ref output, ref chains[6]);
                        Step<TRecords>(Unsafe.Add(ref row, 7), ref slots, ref side, start, alphabet, ref output, ref chains[7]);
                    }
                }

                // Alone: each chain to the end of its region, from its generator where the block left it.
                for (int lane = 0; lane < Count; lane++)
                {
                    Xoshiro256StarStar generator = XoshiroLanes.Lane(ref lanes, lane);
                    Finish<TRecords>(ref generator, ref slots, table, destination[..((lane + 1) * region)], ref chains[lane]);
                    if (lane == 0)
                    {
                        first = generator;
                    }
                }
            }
        }

        destination.Replace(alphabet[0], '\n');
        return first;
    }

    /// <summary>One chain through the whole of <paramref name="destination"/>, from the start node and the scalar generator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunOne<TRecords>(ref Xoshiro256StarStar random, scoped in NGramTable table, Span<char> destination)
        where TRecords : struct, ITreeRecords
    {
        Chain chain = new() { Node = table.StartHandle };
        unsafe
        {
            // The records stay pinned while the steps prefetch blocks by address (BlockPrefetch).
            fixed (byte* pinned = &TRecords.Base(table))
            {
                Finish<TRecords>(ref random, ref *pinned, table, destination, ref chain);
            }
        }

        destination.Replace(table.Alphabet[0], '\n');
    }

    /// <summary>
    /// One draw of a chain: the symbol's character is written where the chain stands, which moves on only when the
    /// draw yielded a symbol. The end symbol writes the end's stand-in, <c>Alphabet[0]</c>, which is no character of
    /// any name: the caller turns the stand-ins into '\n' in one vectorised pass, rather than each draw with a select.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TRecords>(ulong bits, ref byte slots, ref byte side, ulong start, ReadOnlySpan<char> alphabet, ref char output, ref Chain chain)
        where TRecords : struct, ITreeRecords
    {
        nuint symbol = TRecords.Step(bits, ref slots, ref side, start, ref chain.Node, ref chain.Excluded, out nuint advance);
        nint position = chain.Position;
        Unsafe.Add(ref output, position) = Unsafe.Add(ref MemoryMarshal.GetReference(alphabet), symbol); // a slot's symbol field is below V
        chain.Position = position + (nint)advance;
    }

    /// <summary>Goes on with one chain until it has written up to the end of <paramref name="destination"/> (stand-ins for the ends).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TRecords>(ref Xoshiro256StarStar random, ref byte slots, scoped in NGramTable table, Span<char> destination, ref Chain chain)
        where TRecords : struct, ITreeRecords
    {
        ref byte side = ref TRecords.Side(table);
        ReadOnlySpan<char> alphabet = table.Alphabet;
        ulong start = table.StartHandle;
        Xoshiro256StarStar rng = random;
        while (chain.Position < destination.Length)
        {
            nuint symbol = TRecords.Step(rng.NextUInt64(), ref slots, ref side, start, ref chain.Node, ref chain.Excluded, out nuint advance);
            destination[(int)chain.Position] = alphabet[(int)symbol];
            chain.Position += (nint)advance;
        }

        random = rng;
    }

    /// <summary>The fewest characters any chain may still write in its region.</summary>
    internal static nint Room(ref Chains chains, int region)
    {
        nint room = nint.MaxValue;
        for (int lane = 0; lane < XoshiroLanes.Count; lane++)
        {
            room = Math.Min(room, ((lane + 1) * (nint)region) - chains[lane].Position);
        }

        return room;
    }

    /// <summary>
    /// A chain's state: where it is in the tree (and, in wide tables, the block it escaped from, 0 for none), and
    /// where it writes next.
    /// </summary>
    internal struct Chain
    {
        public ulong Node;
        public ulong Excluded;
        public nint Position;
    }

    /// <summary>The chains side by side.</summary>
    [InlineArray(XoshiroLanes.Count)]
    internal struct Chains
    {
        private Chain _chain;
    }
}
