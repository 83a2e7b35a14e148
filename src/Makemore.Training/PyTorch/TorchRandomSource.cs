using System;
using Makemore.Bigram;
using Makemore.Lecture;

namespace Makemore.PyTorch;

/// <summary>
/// Adapts a <see cref="TorchGenerator"/> to the struct-constrained samplers such as
/// <see cref="BigramSampler.Sample{TRandom}(ref TRandom, ReadOnlySpan{uint}, ReadOnlySpan{char})"/>: each
/// <see cref="NextUInt64"/> is the generator's <see cref="TorchGenerator.NextUInt64"/> (two MT19937 outputs,
/// high word first), so sampling through it advances the generator exactly as PyTorch's <c>random64()</c> would.
/// </summary>
/// <remarks>
/// The alias-table sampler draws differently from <c>torch.multinomial</c>, so names sampled this way are
/// reproducible from the seed but are not the lecture's; use <see cref="LectureReplay"/> for those.
/// </remarks>
public readonly struct TorchRandomSource : IRandomSource
{
    private readonly TorchGenerator _generator;

    /// <summary>Wraps <paramref name="generator"/>; draws advance it.</summary>
    /// <param name="generator">The generator to draw from.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is null.</exception>
    public TorchRandomSource(TorchGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The source is <c>default</c> and wraps no generator.</exception>
    public ulong NextUInt64() =>
        (_generator ?? throw new InvalidOperationException("This TorchRandomSource is default and wraps no generator.")).NextUInt64();
}
