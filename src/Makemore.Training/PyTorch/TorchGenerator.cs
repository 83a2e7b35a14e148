using System;
using System.Runtime.CompilerServices;

namespace Makemore.PyTorch;

/// <summary>
/// PyTorch's CPU random generator, bit for bit: <c>torch.Generator().manual_seed(seed)</c> on the CPU device
/// (ATen's <c>CPUGeneratorImpl</c>, unchanged since PyTorch 1.5 and the same in 2.x).
/// </summary>
/// <remarks>
/// <para>
/// The engine is the standard 32-bit Mersenne Twister MT19937 of Matsumoto and Nishimura
/// (<c>aten/src/ATen/core/MT19937RNGEngine.h</c>): the state is seeded with <c>init_genrand</c> from the low
/// 32 bits of the seed (s[0] = seed, s[i] = 1812433253 · (s[i−1] ⊕ (s[i−1] ≫ 30)) + i), regenerated 624 words
/// at a time, and each output is tempered with the usual shifts and masks. With seed 5489 it is exactly
/// C++'s <c>std::mt19937</c>.
/// </para>
/// <para>
/// A 32-bit draw (<c>random()</c> in ATen) is one engine output; a 64-bit draw (<c>random64()</c>) is two,
/// the first in the high half: <c>(first ≪ 32) | second</c>. The uniform transforms are those of
/// <c>at::uniform_real_distribution</c>: a float takes the low 24 bits of a 32-bit draw times 2^−24, a double
/// the low 53 bits of a 64-bit draw times 2^−53, so both lie in [0, 1).
/// </para>
/// <para>
/// Like ATen's generator this one also caches the second value of a double-precision Box–Muller pair (see
/// <see cref="NextNormal"/>); seeding clears the cache. An instance is not thread-safe: PyTorch guards its
/// generator with a mutex, here each caller owns its generator.
/// </para>
/// </remarks>
public sealed class TorchGenerator : IRandomSource
{
    private const int StateSize = 624;
    private const int ShiftSize = 397;
    private const uint MatrixA = 0x9908B0DFu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7FFFFFFFu;

    private const uint FloatMask = (1u << 24) - 1;
    private const float FloatScale = 1.0f / (1u << 24);
    private const ulong DoubleMask = (1UL << 53) - 1;
    private const double DoubleScale = 1.0 / (1UL << 53);

    private readonly uint[] _state = new uint[StateSize];
    private int _next;
    private double _cachedNormal;
    private bool _hasCachedNormal;

    /// <summary>
    /// A generator seeded like <c>torch.Generator().manual_seed(seed)</c>.
    /// </summary>
    /// <param name="seed">The seed; only its low 32 bits reach the engine, as in PyTorch.</param>
    public TorchGenerator(ulong seed) => ManualSeed(seed);

    private TorchGenerator(TorchGenerator source)
    {
        source._state.CopyTo(_state, 0);
        _next = source._next;
        _cachedNormal = source._cachedNormal;
        _hasCachedNormal = source._hasCachedNormal;
        InitialSeed = source.InitialSeed;
    }

    /// <summary>The seed last given to the constructor or <see cref="ManualSeed"/> (<c>Generator.initial_seed()</c>).</summary>
    public ulong InitialSeed { get; private set; }

    /// <summary>
    /// Reseeds the generator, as <c>Generator.manual_seed(seed)</c> does: the engine restarts from
    /// <c>init_genrand(seed &amp; 0xFFFFFFFF)</c> and the cached normal value is discarded.
    /// </summary>
    /// <param name="seed">The seed; only its low 32 bits reach the engine.</param>
    /// <returns>This generator, so that calls can be chained as in PyTorch.</returns>
    public TorchGenerator ManualSeed(ulong seed)
    {
        InitialSeed = seed;
        uint[] s = _state;
        s[0] = (uint)seed;
        for (int i = 1; i < StateSize; i++)
        {
            uint previous = s[i - 1];
            s[i] = unchecked((1812433253u * (previous ^ (previous >> 30))) + (uint)i);
        }

        _next = StateSize; // the first draw regenerates the whole state, as ATen's left_ = 1 does
        _hasCachedNormal = false;
        _cachedNormal = 0;
        return this;
    }

    /// <summary>An independent copy in the same state (<c>Generator.clone_state()</c>): both then produce the same values.</summary>
    /// <returns>The copy.</returns>
    public TorchGenerator Clone() => new(this);

    /// <summary>One engine output: ATen's <c>CPUGeneratorImpl::random()</c>.</summary>
    /// <returns>32 random bits.</returns>
    public uint NextUInt32()
    {
        if (_next >= StateSize)
        {
            Twist();
        }

        uint y = _state[_next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>
    /// Two engine outputs, the first in the high half: ATen's <c>CPUGeneratorImpl::random64()</c>.
    /// Also the <see cref="IRandomSource"/> implementation.
    /// </summary>
    /// <returns>64 random bits.</returns>
    public ulong NextUInt64()
    {
        ulong high = NextUInt32();
        ulong low = NextUInt32();
        return (high << 32) | low;
    }

    /// <summary>
    /// A float uniform in [0, 1) as <c>at::uniform_real_distribution&lt;float&gt;(0, 1)</c> draws it (and hence
    /// each element of <c>torch.rand</c>): the low 24 bits of one 32-bit draw times 2^−24.
    /// </summary>
    /// <returns>A multiple of 2^−24 in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextUInt32() & FloatMask) * FloatScale;

    /// <summary>
    /// A double uniform in [0, 1) as <c>at::uniform_real_distribution&lt;double&gt;(0, 1)</c> draws it: the low
    /// 53 bits of one 64-bit draw (two engine outputs) times 2^−53.
    /// </summary>
    /// <returns>A multiple of 2^−53 in [0, 1).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() & DoubleMask) * DoubleScale;

    /// <summary>
    /// A standard normal value as <c>at::normal_distribution&lt;double&gt;(0, 1)</c> draws it; PyTorch uses it for
    /// <c>torch.randn</c> of fewer than 16 elements (and for non-contiguous or other small normal fills).
    /// </summary>
    /// <remarks>
    /// Box–Muller on two double uniforms u1 then u2: r = √(−2 ln(1 − u2)), θ = 2π·u1. The call returns r·cos θ
    /// and caches r·sin θ in the generator; the next call returns the cached value without drawing. Seeding
    /// clears the cache. (PyTorch 2.x writes ln(1 − u2) as <c>log1p(−u2)</c>; 1 − u2 is exact for these u2, so
    /// the two agree to a double rounding.)
    /// </remarks>
    /// <returns>A normally distributed double.</returns>
    public double NextNormal()
    {
        if (_hasCachedNormal)
        {
            _hasCachedNormal = false;
            return _cachedNormal;
        }

        double u1 = NextDouble();
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - u2));
        double theta = 2.0 * Math.PI * u1;
        _cachedNormal = radius * Math.Sin(theta);
        _hasCachedNormal = true;
        return radius * Math.Cos(theta);
    }

    /// <summary>A value type view of this generator for the generic samplers (see <see cref="TorchRandomSource"/>).</summary>
    /// <returns>A source whose draws advance this generator.</returns>
    public TorchRandomSource AsRandomSource() => new(this);

    /// <summary>Regenerates all 624 words of state (the MT19937 recurrence); the next draw reads word 0.</summary>
    private void Twist()
    {
        uint[] s = _state;
        int i = 0;
        for (; i < StateSize - ShiftSize; i++)
        {
            s[i] = s[i + ShiftSize] ^ Mix(s[i], s[i + 1]);
        }

        for (; i < StateSize - 1; i++)
        {
            s[i] = s[i + ShiftSize - StateSize] ^ Mix(s[i], s[i + 1]);
        }

        s[StateSize - 1] = s[ShiftSize - 1] ^ Mix(s[StateSize - 1], s[0]);
        _next = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mix(uint current, uint following)
    {
        uint y = (current & UpperMask) | (following & LowerMask);
        return (y >> 1) ^ ((following & 1u) != 0 ? MatrixA : 0u);
    }
}
