using System;
using System.Collections.Generic;

namespace Makemore.Lecture;

/// <summary>
/// CPython's <c>random.Random</c>, as far as the lecture uses it: MT19937 seeded by <c>init_by_array</c>,
/// <c>getrandbits</c>, <c>_randbelow</c> and <c>shuffle</c>. Same seed, same numbers, same permutation as Python 3.
/// </summary>
/// <remarks>
/// <c>random.seed(n)</c> for an int n takes |n| as little-endian 32-bit words (42 → [42]; 0 → [0]) and hands them
/// to Matsumoto and Nishimura's <c>init_by_array</c>. <c>getrandbits(k)</c> for k ≤ 32 is the top k bits of
/// one output; for larger k it fills 32-bit words from the least significant up, the last word shifted right.
/// <c>_randbelow(n)</c> draws <c>getrandbits(n.bit_length())</c> until the value is below n, and <c>shuffle</c>
/// walks i from the end down to 1, swapping item i with item <c>_randbelow(i + 1)</c>.
/// </remarks>
internal sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908B0DFu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7FFFFFFFu;

    private readonly uint[] _state = new uint[N];
    private int _index;

    /// <summary>The generator after <c>random.seed(seed)</c> with an int seed.</summary>
    public PythonRandom(long seed)
    {
        ulong magnitude = seed < 0 ? (ulong)(-(seed + 1)) + 1 : (ulong)seed;
        uint low = (uint)magnitude;
        uint high = (uint)(magnitude >> 32);
        InitByArray(high == 0 ? [low] : [low, high]);
    }

    /// <summary>The next 32-bit output of MT19937 (CPython's <c>genrand_uint32</c>).</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            Twist();
        }

        uint y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random.getrandbits(bits)</c> for 0 ≤ bits ≤ 64.</summary>
    public ulong GetRandBits(int bits)
    {
        if (bits < 0 || bits > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "Between 0 and 64 bits are supported.");
        }

        if (bits == 0)
        {
            return 0;
        }

        if (bits <= 32)
        {
            return NextUInt32() >> (32 - bits);
        }

        ulong low = NextUInt32();
        ulong high = NextUInt32() >> (64 - bits);
        return (high << 32) | low;
    }

    /// <summary>Python's <c>_randbelow(n)</c>: uniform in [0, n) by rejection on <c>getrandbits(n.bit_length())</c>.</summary>
    public int RandBelow(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The bound must be positive.");
        }

        int bits = BitLength((uint)n);
        ulong r = GetRandBits(bits);
        while (r >= (ulong)n)
        {
            r = GetRandBits(bits);
        }

        return (int)r;
    }

    /// <summary><c>random.shuffle(items)</c>, in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i >= 1; i--)
        {
            int j = RandBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static int BitLength(uint n)
    {
        int bits = 0;
        while (n != 0)
        {
            bits++;
            n >>= 1;
        }

        return bits;
    }

    private void InitGenrand(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < N; i++)
        {
            _state[i] = (1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i;
        }

        _index = N;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1;
        int j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (int k = N - 1; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N)
            {
                _state[0] = _state[N - 1];
                i = 1;
            }
        }

        _state[0] = 0x80000000u; // MSB is 1, assuring a non-zero initial array
    }

    private void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (_state[k] & UpperMask) | (_state[(k + 1) % N] & LowerMask);
            _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0);
        }

        _index = 0;
    }
}
