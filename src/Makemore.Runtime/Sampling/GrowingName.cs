using System;
using System.Buffers;

namespace Makemore.Sampling;

/// <summary>
/// A name drawn symbol by symbol into a string of any length: on the stack while it is short, in pooled arrays
/// when it grows, and never past <see cref="MaxLength"/>, so that a model whose names end too rarely throws
/// instead of allocating gigabytes. Every model's string sampler builds its names with it.
/// </summary>
internal ref struct GrowingName
{
    /// <summary>The longest name a string sampler returns.</summary>
    public const int MaxLength = 1 << 20;

    private Span<char> _buffer;
    private char[]? _rented;
    private int _length;

    /// <summary>Starts in <paramref name="initial"/> (a stack buffer).</summary>
    public GrowingName(Span<char> initial)
    {
        _buffer = initial;
        _rented = null;
        _length = 0;
    }

    /// <summary>The characters appended so far.</summary>
    public readonly ReadOnlySpan<char> Written => _buffer[.._length];

    /// <summary>Adds a character, growing the buffer when it is full.</summary>
    /// <exception cref="InvalidOperationException">The name would pass <see cref="MaxLength"/> characters.</exception>
    public void Append(char c)
    {
        if (_length == _buffer.Length)
        {
            Grow();
        }

        _buffer[_length++] = c;
    }

    /// <summary>The name as a string; returns any pooled array.</summary>
    public string ToStringAndReturn()
    {
        string name = new(_buffer[.._length]);
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }

        return name;
    }

    private void Grow()
    {
        if (_length >= MaxLength)
        {
            if (_rented is not null)
            {
                ArrayPool<char>.Shared.Return(_rented);
            }

            throw new InvalidOperationException(
                $"The name being drawn grew past {MaxLength} characters: this model's names end too rarely to be drawn as strings.");
        }

        char[] larger = ArrayPool<char>.Shared.Rent(_buffer.Length * 2);
        _buffer.CopyTo(larger);
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
        }

        _rented = larger;
        _buffer = larger;
    }
}
