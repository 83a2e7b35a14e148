using System;
using System.Buffers.Binary;

namespace Makemore;

/// <summary>Adapts a <see cref="Random"/> (seeded or shared) to <see cref="IRandomSource"/>.</summary>
public readonly struct SystemRandomSource : IRandomSource
{
    private readonly Random _random;

    /// <summary>Wraps <paramref name="random"/>; draws advance it.</summary>
    /// <param name="random">The generator to draw from.</param>
    public SystemRandomSource(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    /// <inheritdoc />
    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        _random.NextBytes(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}
