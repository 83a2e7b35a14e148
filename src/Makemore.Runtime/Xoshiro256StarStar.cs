using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Makemore;

/// <summary>
/// The xoshiro256** generator of Blackman and Vigna: fast, 256 bits of state, period 2^256 − 1, and
/// reproducible from a 64-bit seed (expanded with SplitMix64, as the authors recommend).
/// It is a mutable struct: keep it in a field or local and pass it by <c>ref</c>.
/// </summary>
public struct Xoshiro256StarStar : IRandomSource
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Seeds the generator; the same seed always gives the same sequence.</summary>
    /// <param name="seed">Any 64-bit value.</param>
    public Xoshiro256StarStar(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A generator in the given state (not all zero), for streams derived inside the library.</summary>
    internal Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
        if ((s0 | s1 | s2 | s3) == 0)
        {
            _s0 = 0x9E3779B97F4A7C15UL; // the all-zero state is the one fixed point; any other is on the full cycle
        }
    }

    /// <summary>The four state words, in order.</summary>
    internal readonly (ulong S0, ulong S1, ulong S2, ulong S3) State => (_s0, _s1, _s2, _s3);

    /// <summary>A generator seeded from the operating system's entropy.</summary>
    /// <returns>A new, unpredictable generator.</returns>
    public static Xoshiro256StarStar CreateRandomlySeeded()
    {
        Span<byte> seed = stackalloc byte[8];
        System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
        return new Xoshiro256StarStar(BitConverter.ToUInt64(seed));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// Advances the generator by 2^128 draws, as if <see cref="NextUInt64"/> had been called 2^128 times: the
    /// authors' jump function. Calling it k times on copies of one generator gives k non-overlapping streams of
    /// 2^128 values each, for parallel computations.
    /// </summary>
    public void Jump()
    {
        // Blackman and Vigna's jump polynomial for xoshiro256 (xoshiro256starstar.c, jump()).
        ReadOnlySpan<ulong> polynomial = [0x180EC6D33CFD0ABAUL, 0xD5A61266F0C9392CUL, 0xA9582618E03FC9AAUL, 0x39ABDC4529B1661CUL];
        ulong s0 = 0;
        ulong s1 = 0;
        ulong s2 = 0;
        ulong s3 = 0;
        foreach (ulong word in polynomial)
        {
            for (int bit = 0; bit < 64; bit++)
            {
                if ((word & (1UL << bit)) != 0)
                {
                    s0 ^= _s0;
                    s1 ^= _s1;
                    s2 ^= _s2;
                    s3 ^= _s3;
                }

                NextUInt64();
            }
        }

        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    /// <summary>SplitMix64's output function: a bijection of 64-bit values that mixes every bit into every other.</summary>
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
