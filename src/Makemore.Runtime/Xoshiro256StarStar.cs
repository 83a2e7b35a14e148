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

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
