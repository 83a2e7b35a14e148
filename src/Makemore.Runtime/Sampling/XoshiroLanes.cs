using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Makemore.Sampling;

/// <summary>
/// <see cref="Count"/> xoshiro256** generators stepped together: the one vectorised form of
/// <see cref="Xoshiro256StarStar.NextUInt64"/>, giving each lane exactly the values the scalar generator would.
/// </summary>
/// <remarks>
/// The vector width is chosen in <see cref="MakePackedDraws"/> alone: one AVX-512 register holds all 8 lanes, two
/// AVX2 registers otherwise; without either, each lane runs the scalar <see cref="Xoshiro256StarStar"/>.
/// </remarks>
internal static class XoshiroLanes
{
    /// <summary>Generators stepped side by side.</summary>
    public const int Count = 8;

    /// <summary>
    /// Seeds every lane from four draws of <paramref name="random"/> (lane by lane, words in order), each passed
    /// through SplitMix64's mixer so that nearby source values give unrelated lanes.
    /// </summary>
    public static void Seed<TRandom>(ref TRandom random, ref State lanes)
        where TRandom : struct, IRandomSource
    {
        for (int lane = 0; lane < Count; lane++)
        {
            // Arguments are evaluated left to right: words 0, 1, 2, 3 from consecutive draws.
            var generator = new Xoshiro256StarStar(
                Xoshiro256StarStar.Mix(random.NextUInt64()),
                Xoshiro256StarStar.Mix(random.NextUInt64()),
                Xoshiro256StarStar.Mix(random.NextUInt64()),
                Xoshiro256StarStar.Mix(random.NextUInt64()));
            SetLane(ref lanes, lane, generator);
        }
    }

    /// <summary>Lane <paramref name="lane"/> as a scalar generator, in its current state.</summary>
    public static Xoshiro256StarStar Lane(ref State lanes, int lane) =>
        new(lanes[lane], lanes[Count + lane], lanes[(2 * Count) + lane], lanes[(3 * Count) + lane]);

    /// <summary>
    /// Makes <paramref name="steps"/> × <see cref="Count"/> packed draws (<see cref="AliasDraw.Pack"/>), step by
    /// step and lane by lane within a step, advancing every lane by <paramref name="steps"/>.
    /// </summary>
    /// <remarks>Inlined into its caller, so that a block costs one call, to the loop for the chosen width.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MakePackedDraws(ref State lanes, Span<uint> draws, int steps, uint vocabularySize) =>
        MakeDraws(ref lanes, draws, steps, vocabularySize);

    /// <summary>
    /// Makes <paramref name="steps"/> × <see cref="Count"/> raw 64-bit draws, step by step and lane by lane within a
    /// step, advancing every lane by <paramref name="steps"/>: the values <see cref="MakePackedDraws"/> packs (the
    /// context tree's chains divide each by their own block's slot count).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MakeDraws(ref State lanes, Span<ulong> draws, int steps) =>
        MakeDraws(ref lanes, draws, steps, 0);

    /// <summary>Either kind of draws: packed for <paramref name="vocabularySize"/> into <see cref="uint"/>s, or raw into <see cref="ulong"/>s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MakeDraws<TDraw>(ref State lanes, Span<TDraw> draws, int steps, uint vocabularySize)
        where TDraw : unmanaged
    {
        if ((uint)(steps * Count) > (uint)draws.Length)
        {
            ThrowTooManySteps(steps);
        }

        if (Avx512F.IsSupported)
        {
            MakeDraws<XoshiroVector512, TDraw>(ref lanes, ref MemoryMarshal.GetReference(draws), steps, vocabularySize);
        }
        else if (Avx2.IsSupported)
        {
            MakeDraws<XoshiroVector256, TDraw>(ref lanes, ref MemoryMarshal.GetReference(draws), steps, vocabularySize);
        }
        else
        {
            MakeDrawsLaneByLane(ref lanes, draws, steps, vocabularySize);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MakeDrawsLaneByLane<TDraw>(ref State lanes, Span<TDraw> draws, int steps, uint vocabularySize)
        where TDraw : unmanaged
    {
        for (int lane = 0; lane < Count; lane++)
        {
            Xoshiro256StarStar generator = Lane(ref lanes, lane);
            for (int s = 0; s < steps; s++)
            {
                ulong draw = generator.NextUInt64();
                ref TDraw cell = ref draws[(s * Count) + lane];
                if (typeof(TDraw) == typeof(uint))
                {
                    Unsafe.As<TDraw, uint>(ref cell) = AliasDraw.Pack(draw, vocabularySize);
                }
                else
                {
                    Unsafe.As<TDraw, ulong>(ref cell) = draw;
                }
            }

            SetLane(ref lanes, lane, generator);
        }
    }

    private static void ThrowTooManySteps(int steps) =>
        throw new ArgumentOutOfRangeException(nameof(steps), steps, "More steps than the draws buffer holds.");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MakeDraws<TVector, TDraw>(ref State lanes, ref TDraw draws, int steps, uint vocabularySize)
        where TVector : struct, IXoshiroVector<TVector>
        where TDraw : unmanaged
    {
        // Word w of every lane is lanes[w × Count ..][..Count]: one vector per state word.
        ref ulong words = ref lanes[0];
        TVector s0 = TVector.Load(ref words);
        TVector s1 = TVector.Load(ref Unsafe.Add(ref words, Count));
        TVector s2 = TVector.Load(ref Unsafe.Add(ref words, 2 * Count));
        TVector s3 = TVector.Load(ref Unsafe.Add(ref words, 3 * Count));
        TVector scale = TVector.Broadcast(vocabularySize);
        for (nint s = 0; s < steps; s++)
        {
            TVector draw = Next(ref s0, ref s1, ref s2, ref s3);
            ref TDraw row = ref Unsafe.Add(ref draws, s * Count);
            if (typeof(TDraw) == typeof(uint))
            {
                draw.StorePackedDraws(scale, ref Unsafe.As<TDraw, uint>(ref row));
            }
            else
            {
                draw.Store(ref Unsafe.As<TDraw, ulong>(ref row));
            }
        }

        s0.Store(ref words);
        s1.Store(ref Unsafe.Add(ref words, Count));
        s2.Store(ref Unsafe.Add(ref words, 2 * Count));
        s3.Store(ref Unsafe.Add(ref words, 3 * Count));
    }

    /// <summary>xoshiro256**'s step on every lane: the arithmetic of <see cref="Xoshiro256StarStar.NextUInt64"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Next<TVector>(ref TVector s0, ref TVector s1, ref TVector s2, ref TVector s3)
        where TVector : struct, IXoshiroVector<TVector>
    {
        TVector times5 = s1 + (s1 << 2);
        TVector rotated = TVector.RotateLeft(times5, 7);
        TVector result = rotated + (rotated << 3);
        TVector t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = TVector.RotateLeft(s3, 45);
        return result;
    }

    private static void SetLane(ref State lanes, int lane, Xoshiro256StarStar generator) =>
        (lanes[lane], lanes[Count + lane], lanes[(2 * Count) + lane], lanes[(3 * Count) + lane]) = generator.State;

    /// <summary>The lanes' state: word w of lane l at index w × <see cref="Count"/> + l.</summary>
    [InlineArray(4 * Count)]
    internal struct State
    {
        private ulong _word;
    }
}
