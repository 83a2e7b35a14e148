using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Makemore.Modeling;
using Makemore.Sampling;

namespace Makemore;

/// <summary>
/// Draws names from a bigram model's alias table (see <see cref="BigramModel.AliasTable"/>): one 64-bit random
/// number and one table load per symbol, no scan over the row, nothing allocated.
/// </summary>
/// <remarks>
/// A draw takes the column uniformly from the high 32 bits of the random number (multiply-shift) and compares
/// bits 8..31 with the cell's 24-bit keep threshold; both models, the generated one and one built at run time,
/// sample through this class.
/// </remarks>
public static class BigramSampler
{
    /// <summary>Draws the symbol that follows <paramref name="previous"/>.</summary>
    /// <typeparam name="TRandom">The random source, a struct so the call is specialised and inlined.</typeparam>
    /// <param name="random">The random source.</param>
    /// <param name="aliasTable">The model's V×V alias table.</param>
    /// <param name="vocabularySize">V.</param>
    /// <param name="previous">Index of the previous symbol (0 = start).</param>
    /// <returns>Index of the next symbol (0 = end).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextSymbol<TRandom>(ref TRandom random, ReadOnlySpan<uint> aliasTable, int vocabularySize, int previous)
        where TRandom : struct, IRandomSource
    {
        ulong r = random.NextUInt64();
        uint column = AliasDraw.Column(r, (uint)vocabularySize);
        uint entry = aliasTable[(previous * vocabularySize) + (int)column];
        uint keep = AliasDraw.KeepMask(r, entry);
        uint alias = entry & 0xFF;
        return (int)(alias ^ ((alias ^ column) & keep));
    }

    /// <summary>
    /// Writes one name (without boundary tokens) into <paramref name="destination"/> and returns its length.
    /// Allocates nothing.
    /// </summary>
    /// <remarks>
    /// A name is never truncated: when a draw grows longer than <paramref name="destination"/>, it is discarded
    /// and a new name is drawn, so the result follows the model conditioned on length ≤ destination.Length.
    /// With a destination of 32 characters or more the condition is invisible in practice for name lists
    /// (the lecture's longest name has 15). A destination shorter than the shortest name the model can produce
    /// throws, since no draw could ever fit.
    /// </remarks>
    /// <typeparam name="TRandom">The random source.</typeparam>
    /// <param name="random">The random source.</param>
    /// <param name="aliasTable">The model's V×V alias table.</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <param name="shortestSampleLength">The shortest name the table can produce.</param>
    /// <param name="destination">Where the name is written.</param>
    /// <returns>The number of characters written.</returns>
    /// <exception cref="ArgumentException">No name of the model fits in <paramref name="destination"/>.</exception>
    public static int Sample<TRandom>(
        ref TRandom random,
        ReadOnlySpan<uint> aliasTable,
        ReadOnlySpan<char> alphabet,
        int shortestSampleLength,
        Span<char> destination)
        where TRandom : struct, IRandomSource
    {
        if (shortestSampleLength < 0 || destination.Length < shortestSampleLength)
        {
            ThrowTooShort(destination.Length, shortestSampleLength, nameof(destination));
        }

        // The loop's critical path is table load → select → next row → table load: the generator works on a
        // local copy (kept in registers, written back once), the keep/alias choice is a mask rather than a
        // branch, and the next row is selected from the two candidate rows instead of multiplied after the choice.
        uint v = (uint)alphabet.Length;
        CheckTable(aliasTable, alphabet);
        uint capacity = (uint)destination.Length;
        TRandom rng = random;
        uint length = 0;
        uint row = 0;
        while (true)
        {
            ulong r = rng.NextUInt64();
            uint column = AliasDraw.Column(r, v);
            uint entry = aliasTable[(int)(row + column)]; // bounds-checked, off the critical path (predicted)
            uint keep = AliasDraw.KeepMask(r, entry);
            uint alias = entry & 0xFF;
            row = ((alias * v) & ~keep) | ((column * v) & keep);
            uint next = alias ^ ((alias ^ column) & keep);
            if (next == 0)
            {
                break;
            }

            if (length >= capacity)
            {
                length = 0; // too long for the caller's buffer: draw again (see remarks)
                row = 0;
                continue;
            }

            destination[(int)length] = alphabet[(int)next];
            length++;
        }

        random = rng;
        return (int)length;
    }

    /// <summary>Draws one name as a string, of any length.</summary>
    /// <typeparam name="TRandom">The random source.</typeparam>
    /// <param name="random">The random source.</param>
    /// <param name="aliasTable">The model's V×V alias table.</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <returns>The name, without boundary tokens (empty when the model ends at once).</returns>
    public static string Sample<TRandom>(ref TRandom random, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet)
        where TRandom : struct, IRandomSource
    {
        int v = alphabet.Length;
        Span<char> buffer = stackalloc char[64];
        char[]? rented = null;
        int length = 0;
        int previous = 0;
        while (true)
        {
            int next = NextSymbol(ref random, aliasTable, v, previous);
            if (next == 0)
            {
                break;
            }

            if (length == buffer.Length)
            {
                char[] larger = ArrayPool<char>.Shared.Rent(buffer.Length * 2);
                buffer.CopyTo(larger);
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }

                rented = larger;
                buffer = larger;
            }

            buffer[length++] = alphabet[next];
            previous = next;
        }

        string name = new(buffer[..length]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return name;
    }

    /// <summary>Draws one name as a string from a <see cref="Random"/>.</summary>
    /// <param name="random">The generator to draw from.</param>
    /// <param name="aliasTable">The model's V×V alias table.</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <returns>The name, without boundary tokens.</returns>
    public static string Sample(Random random, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet)
    {
        var source = new SystemRandomSource(random);
        return Sample(ref source, aliasTable, alphabet);
    }

    /// <summary>Checks that the table is V×V for the alphabet's V (each alias byte is trusted to be below V).</summary>
    internal static void CheckTable(ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet)
    {
        if (alphabet.IsEmpty || aliasTable.Length != alphabet.Length * alphabet.Length)
        {
            throw new ArgumentException($"The alias table holds {aliasTable.Length} entries; a {alphabet.Length}-symbol alphabet needs {alphabet.Length * alphabet.Length}.", nameof(aliasTable));
        }
    }

    private static void ThrowTooShort(int length, int shortest, string parameterName) =>
        throw new ArgumentException(
            shortest < 0
                ? "The model cannot produce a finite name: no path leads from the start token back to the end token."
                : $"The destination holds {length} characters but the shortest name this model can produce has {shortest}.",
            parameterName);
}
