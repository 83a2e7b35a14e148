using System;
using Makemore.NGram;
using Makemore.Sampling;

namespace Makemore.Constraints;

/// <summary>The draws: one name into a span or as a string, each through <see cref="RestDraw"/>, with the rejection of the list's names.</summary>
internal sealed partial class ConstrainedSampler
{
    /// <summary>One name into <paramref name="destination"/>; its length.</summary>
    public int Sample<TRandom>(ref TRandom random, scoped in ModelTables tables, Span<char> destination)
        where TRandom : struct, IRandomSource
    {
        int shortest = Math.Max(Options.Prefix.Length, Math.Min(Options.MinLength, Options.MaxLength));
        if (destination.Length < shortest)
        {
            ConstraintMessages.ThrowDestinationTooShort(destination.Length, shortest, nameof(destination));
        }

        Options.Prefix.AsSpan().CopyTo(destination);
        long drawn = 0;
        while (true)
        {
            int length = DrawRest(ref random, tables, destination, ref drawn);
            if (length >= 0 && !(_listed is { } listed && listed.Contains(destination[..length], tables)))
            {
                return length;
            }

            if (drawn > SpanSampling.MaxSymbols)
            {
                ConstraintMessages.ThrowNoNameFits(SpanSampling.MaxSymbols, destination.Length, "a longer destination or a maximum length");
            }
        }
    }

    /// <summary>One name as a string.</summary>
    public string Sample<TRandom>(ref TRandom random, scoped in ModelTables tables)
        where TRandom : struct, IRandomSource
    {
        // One stack buffer for every attempt: a stackalloc inside the loop would take another 128 bytes of stack
        // for each rejected name, and an acceptance near MinimumAcceptance rejects a million.
        Span<char> buffer = stackalloc char[64];
        while (true)
        {
            var name = new GrowingName(buffer);
            foreach (char c in Options.Prefix)
            {
                name.Append(c);
            }

            DrawRest(ref random, tables, ref name);
            if (_listed is { } listed && listed.Contains(name.Written, tables))
            {
                name.ToStringAndReturn();
                continue;
            }

            return name.ToStringAndReturn();
        }
    }

    /// <summary>Draws after the prefix into the span; −1 when the name outgrew it.</summary>
    private int DrawRest<TRandom>(ref TRandom random, scoped in ModelTables tables, Span<char> destination, ref long drawn)
        where TRandom : struct, IRandomSource
    {
        int length = _prefixSymbols.Length;
        if (UsesModelSampler && tables.IsTree)
        {
            // The tree's own whole-name loop, the model's fastest: a name that outgrows the span is drawn again inside it.
            int written = NGramSampler.SampleFrom(ref random, tables.Tree, _startHandle, destination[length..]);
            drawn += written + 1;
            return length + written;
        }

        ReadOnlySpan<char> alphabet = tables.Alphabet;
        var draw = new RestDraw(this, tables);
        while (true)
        {
            int w = draw.Next(ref random);
            drawn++;
            if (w == 0)
            {
                return length;
            }

            if (length == destination.Length)
            {
                return -1;
            }

            destination[length++] = alphabet[w];
        }
    }

    /// <summary>Draws after the prefix into a growing name.</summary>
    private void DrawRest<TRandom>(ref TRandom random, scoped in ModelTables tables, ref GrowingName name)
        where TRandom : struct, IRandomSource
    {
        ReadOnlySpan<char> alphabet = tables.Alphabet;
        var draw = new RestDraw(this, tables);
        for (int w = draw.Next(ref random); w != 0; w = draw.Next(ref random))
        {
            name.Append(alphabet[w]);
        }
    }
}
