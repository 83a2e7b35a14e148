using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Makemore.Modeling.Tables;
using Makemore.Sampling;

namespace Makemore.NGram;

/// <summary>
/// <see cref="NarrowRecords.Step"/> for the eight chains of <see cref="TreeLanes"/> at once, four to a 256-bit vector:
/// the same arithmetic on the same draws, so the same characters in the same places, in far fewer instructions.
/// </summary>
/// <remarks>
/// <para>
/// Eight scalar steps are ~70 instructions each, and with seven other chains' steps between two of one chain the
/// reorder buffer holds too few of them to keep every chain's load in flight: the chains were bound by the
/// instructions between their loads as much as by the loads. Here a step of four chains is two gathers (the slot
/// drawn, then its alias in the same block) and some thirty vector operations; the two groups of four are
/// independent chains, so one group's gathers wait while the other's work.
/// </para>
/// <para>
/// The slot is the high word of the 64-bit draw times the block's slot count, and the keep decision reads the top
/// 32 bits of the low word: AVX2 multiplies 32 by 32 bits, so the product is formed from the draw's two halves,
/// exactly (a count is at most 256). The threshold's low half matters only when the high halves tie, one draw in
/// 65,536, and is then read lane by lane; without a tie the comparison of the 32-bit values is decided by their high
/// halves, as in the scalar step.
/// </para>
/// <para>
/// 256 bits on every x86 processor with AVX2, AVX-512 ones included: two independent groups of four hide each other's
/// gathers, which one group of eight would not. Without AVX2 <see cref="TreeLanes"/> runs the scalar step.
/// </para>
/// <para>
/// Only for tables whose records stay mostly in a core's own caches (<see cref="MaxRecordBytes"/>). In bigger ones
/// most steps miss, and a gather waits for the slowest of its four loads, then the alias's, before the group can go
/// on; the scalar steps, which prefetch both blocks each draw may lead to (<see cref="BlockPrefetch"/>) seven other
/// chains' steps ahead, keep more misses in flight and were faster (bench/RESULTS.md, "Eight chains in two vectors").
/// </para>
/// </remarks>
internal static unsafe class NarrowLanes
{
    /// <summary>
    /// The largest records the vector step runs on: between the lecture names' order 4 (0.84 MB of records, where it
    /// measured 0.86–0.92× the scalar steps' time a name) and order 5 (2.2 MB, 1.16–1.25×).
    /// </summary>
    public const long MaxRecordBytes = 2L << 20;

    /// <summary>Whether the vector step runs on this processor and suits <paramref name="table"/>'s size.</summary>
    public static bool Suits(scoped in NGramTable table) =>
        Avx2.IsSupported && (long)table.Slots.Length * sizeof(ulong) <= MaxRecordBytes;

    /// <summary>
    /// <see cref="TreeLanes"/>' side-by-side part: blocks of <see cref="TreeLanes.BlockSteps"/> draws of each chain
    /// while every region has room for them. Chain l's draws come from lane l of <paramref name="lanes"/>; its node
    /// and the position it writes next are <c>chains[l]</c>, updated.
    /// </summary>
    /// <param name="lanes">The chains' generators, advanced.</param>
    /// <param name="slots">The first narrow record; the caller pins the records for the call (they are gathered by address).</param>
    /// <param name="side">The thresholds' low halves.</param>
    /// <param name="start">The start node's handle.</param>
    /// <param name="alphabet">The alphabet's first character (symbols are below V: a slot's symbol field).</param>
    /// <param name="output">The buffer's first character.</param>
    /// <param name="draws">Room for a block's draws.</param>
    /// <param name="region">Characters per chain.</param>
    /// <param name="chains">The eight chains.</param>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref XoshiroLanes.State lanes, ref NGramSlot slots, ref ushort side, ulong start, ref char alphabet, ref char output, Span<ulong> draws, int region, ref TreeLanes.Chains chains)
    {
        while (TreeLanes.Room(ref chains, region) >= TreeLanes.BlockSteps)
        {
            XoshiroLanes.MakeDraws(ref lanes, draws, TreeLanes.BlockSteps);
            Block(ref slots, ref side, start, ref alphabet, ref output, ref MemoryMarshal.GetReference(draws), TreeLanes.BlockSteps, ref chains);
        }
    }

    /// <summary>
    /// Runs <paramref name="steps"/> draws of each of the eight chains: draw s of chain l is
    /// <c>draws[s × 8 + l]</c>. Every chain must have room for <paramref name="steps"/> characters.
    /// </summary>
    /// <param name="slots">The first narrow record; the caller pins the records for the call (they are gathered by address).</param>
    /// <param name="side">The thresholds' low halves.</param>
    /// <param name="start">The start node's handle.</param>
    /// <param name="alphabet">The alphabet's first character (symbols are below V: a slot's symbol field).</param>
    /// <param name="output">The buffer's first character.</param>
    /// <param name="draws">The draws, eight a step.</param>
    /// <param name="steps">Steps to run.</param>
    /// <param name="chains">The eight chains: their nodes and the positions they write next, updated.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(ref NGramSlot slots, ref ushort side, ulong start, ref char alphabet, ref char output, ref ulong draws, nint steps, ref TreeLanes.Chains chains)
    {
        ulong* records = (ulong*)Unsafe.AsPointer(ref slots);
        Vector256<ulong> startNode = Vector256.Create(start);
        Vector256<ulong> nodeA = Vector256.Create(chains[0].Node, chains[1].Node, chains[2].Node, chains[3].Node);
        Vector256<ulong> nodeB = Vector256.Create(chains[4].Node, chains[5].Node, chains[6].Node, chains[7].Node);
        Vector256<long> positionA = Vector256.Create(chains[0].Position, chains[1].Position, chains[2].Position, chains[3].Position);
        Vector256<long> positionB = Vector256.Create(chains[4].Position, chains[5].Position, chains[6].Position, chains[7].Position);
        for (nint s = 0; s < steps; s++)
        {
            ref ulong row = ref Unsafe.Add(ref draws, s * 8);
            nodeA = Step(Vector256.LoadUnsafe(ref row), nodeA, records, ref side, startNode, out Vector256<ulong> symbolA, out Vector256<long> escapeA);
            nodeB = Step(Vector256.LoadUnsafe(ref row, 4), nodeB, records, ref side, startNode, out Vector256<ulong> symbolB, out Vector256<long> escapeB);
            positionA = Write(ref output, ref alphabet, symbolA, positionA, escapeA);
            positionB = Write(ref output, ref alphabet, symbolB, positionB, escapeB);
        }

        for (int lane = 0; lane < 4; lane++)
        {
            chains[lane].Node = nodeA.GetElement(lane);
            chains[lane + 4].Node = nodeB.GetElement(lane);
            chains[lane].Position = (nint)positionA.GetElement(lane);
            chains[lane + 4].Position = (nint)positionB.GetElement(lane);
        }
    }

    /// <summary>One draw of four chains: returns their next nodes; <paramref name="symbol"/> the symbols drawn, <paramref name="escape"/> all ones where a chain escaped (and wrote nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Step(Vector256<ulong> bits, Vector256<ulong> node, ulong* slots, ref ushort side, Vector256<ulong> start, out Vector256<ulong> symbol, out Vector256<long> escape)
    {
        Vector256<ulong> byteMask = Vector256.Create(0xFFUL);
        Vector256<ulong> first = Vector256.ShiftRightLogical(node, 9);
        Vector256<uint> count = ((node & byteMask) + Vector256<ulong>.One).AsUInt32();

        // bits × count = high·2^32 + low, high and low the two halves times count: the slot is the product's high
        // word, (high + low / 2^32) / 2^32; the low word's top 32 bits, the draw's place within the slot, are the same
        // sum's low 32 bits.
        Vector256<ulong> high = Avx2.Multiply(Vector256.ShiftRightLogical(bits, 32).AsUInt32(), count);
        Vector256<ulong> low = Avx2.Multiply(bits.AsUInt32(), count);
        Vector256<ulong> sum = high + Vector256.ShiftRightLogical(low, 32);
        Vector256<ulong> column = Vector256.ShiftRightLogical(sum, 32);
        Vector256<ulong> fraction = sum & Vector256.Create(0xFFFF_FFFFUL);
        Vector256<ulong> index = first + column;
        Vector256<ulong> kept = Avx2.GatherVector256(slots, index.AsInt64(), 8);
        Vector256<ulong> alias = Vector256.ShiftRightLogical(kept, 16) & byteMask;
        Vector256<ulong> aliased = Avx2.GatherVector256(slots, (first + alias).AsInt64(), 8);

        Vector256<ulong> thresholdHigh = kept & Vector256.Create(0xFFFFUL);
        Vector256<ulong> threshold = Vector256.ShiftLeft(thresholdHigh, 16);
        Vector256<ulong> tie = Vector256.Equals(Vector256.ShiftRightLogical(fraction, 16), thresholdHigh);
        if (tie != Vector256<ulong>.Zero)
        {
            threshold |= TiedLows(ref side, index, tie);
        }

        Vector256<ulong> keep = Vector256.GreaterThan(threshold.AsInt64(), fraction.AsInt64()).AsUInt64();
        Vector256<ulong> chosen = Vector256.ConditionalSelect(keep, kept, aliased);
        Vector256<ulong> drawn = Vector256.ConditionalSelect(keep, column, alias);
        escape = Vector256.Equals(drawn | Vector256.Create(0x100UL), node & Vector256.Create(0x1FFUL)).AsInt64();
        symbol = Vector256.ShiftRightLogical(chosen, 24) & byteMask; // NGramSlot.Symbol
        Vector256<ulong> end = Vector256.Equals(symbol | (escape.AsUInt64() & Vector256<ulong>.One), Vector256<ulong>.Zero);
        return Vector256.ConditionalSelect(end, start, Vector256.ShiftRightLogical(chosen, 32)); // NGramSlot.Link, or the start after the end
    }

    /// <summary>The thresholds' low halves of the slots where the high halves tie (one draw in 65,536), 0 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<ulong> TiedLows(ref ushort side, Vector256<ulong> index, Vector256<ulong> tie)
    {
        Vector256<ulong> lows = Vector256<ulong>.Zero;
        for (int lane = 0; lane < Vector256<ulong>.Count; lane++)
        {
            if (tie.GetElement(lane) != 0)
            {
                lows = lows.WithElement(lane, (ulong)Unsafe.Add(ref side, (nuint)index.GetElement(lane)));
            }
        }

        return lows;
    }

    /// <summary>Writes each chain's character where it stands; a chain moves on unless it escaped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> Write(ref char output, ref char alphabet, Vector256<ulong> symbol, Vector256<long> position, Vector256<long> escape)
    {
        Unsafe.Add(ref output, (nint)position.GetElement(0)) = Unsafe.Add(ref alphabet, (nuint)symbol.GetElement(0));
        Unsafe.Add(ref output, (nint)position.GetElement(1)) = Unsafe.Add(ref alphabet, (nuint)symbol.GetElement(1));
        Unsafe.Add(ref output, (nint)position.GetElement(2)) = Unsafe.Add(ref alphabet, (nuint)symbol.GetElement(2));
        Unsafe.Add(ref output, (nint)position.GetElement(3)) = Unsafe.Add(ref alphabet, (nuint)symbol.GetElement(3));
        return position + Vector256<long>.One + escape;
    }
}
