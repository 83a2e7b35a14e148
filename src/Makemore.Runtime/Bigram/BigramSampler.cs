using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System;
using Makemore.Modeling.Tables;
using Makemore.Sampling;

namespace Makemore.Bigram;

/// <summary>
/// Draws names from a bigram model's alias table (laid out by <see cref="Modeling.Tables.AliasTableBuilder"/>): one 64-bit random
/// number and one table cell per symbol, no scan over the row, nothing allocated.
/// </summary>
/// <remarks>
/// <para>
/// A draw takes the column uniformly from the high 32 bits of the random number (multiply-shift) and compares
/// bits 8..31 with the cell's 24-bit keep threshold; both models, the generated one and one built at run time,
/// sample through this class (the table's layout is described on <c>Makemore.Modeling.Tables.AliasTableBuilder</c>).
/// </para>
/// <para>
/// What is sampled, exactly: the distribution the quantised alias table realises. Each next-symbol probability is
/// the model's to within 2^-24, and a probability that rounds to zero in the table is never drawn; the shortest
/// name a model can produce and the check that every name ends are computed from the same table, so they agree
/// with what the sampler can actually draw.
/// </para>
/// </remarks>
internal static class BigramSampler
{
    /// <summary>The longest name the string overloads draw; a name that grows past it throws.</summary>
    internal const int MaxStringSampleLength = GrowingName.MaxLength;

    /// <summary>Draws the symbol that follows <paramref name="previous"/>.</summary>
    /// <typeparam name="TRandom">The random source, a struct so the call is specialised and inlined.</typeparam>
    /// <param name="random">The random source.</param>
    /// <param name="aliasTable">The model's alias table (V×V cells).</param>
    /// <param name="vocabularySize">V.</param>
    /// <param name="previous">Index of the previous symbol (0 = start).</param>
    /// <returns>Index of the next symbol (0 = end).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextSymbol<TRandom>(ref TRandom random, ReadOnlySpan<uint> aliasTable, int vocabularySize, int previous)
        where TRandom : struct, IRandomSource
    {
        ulong r = random.NextUInt64();
        uint column = AliasDraw.Column(r, (uint)vocabularySize);
        uint entry = aliasTable[AliasTableBuilder.WordsPerCell * ((previous * vocabularySize) + (int)column)];
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
    /// throws at once, since no draw could ever fit; and so that no call can spin on a model whose names that fit
    /// are astronomically rare, a call that has drawn 2^28 symbols (about a second) without a name that fits throws.
    /// </remarks>
    /// <typeparam name="TRandom">The random source.</typeparam>
    /// <param name="random">The random source.</param>
    /// <param name="aliasTable">The model's alias table (V×V cells).</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <param name="shortestSampleLength">The shortest name the table can produce.</param>
    /// <param name="destination">Where the name is written.</param>
    /// <returns>The number of characters written.</returns>
    /// <exception cref="ArgumentException">No name of the model fits in <paramref name="destination"/>.</exception>
    /// <exception cref="InvalidOperationException">2^28 symbols were drawn without a name that fits (see remarks).</exception>
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
            SpanSampling.ThrowDestinationTooShort(destination.Length, shortestSampleLength, nameof(destination));
        }

        // The loop's critical path is one name's chain of dependent loads: row → cell → next row. The cell holds
        // the alias's row index ready-made, so the step from a loaded cell to the next row is a mask and a select,
        // with no multiply; the column's own row and its offset into the row depend only on the draw, off that
        // path. The keep/alias choice is a mask, not a branch, since it is as unpredictable as the draw. The
        // symbol written is read back from the row (row / 2V, as a multiply by a reciprocal), so the alias byte is
        // not needed, and the one bounds check on the row also keeps the symbol inside the alphabet. The loop is
        // short of registers (four for the generator, a local copy written back once): the table and the buffers
        // are walked by reference, and nothing in the loop calls out.
        nuint v = (nuint)alphabet.Length;
        CheckTable(aliasTable, alphabet);
        nuint rowLength = AliasTableBuilder.WordsPerCell * v;
        nuint lastRow = (nuint)aliasTable.Length - rowLength; // a row ≤ this lies inside, and row / 2V < V
        ulong reciprocal = ((1UL << 32) + rowLength - 1) / rowLength; // row × this >> 32 = row / 2V for every row ≤ lastRow
        ref uint table = ref MemoryMarshal.GetReference(aliasTable);
        ref char symbols = ref MemoryMarshal.GetReference(alphabet);
        ref char start = ref MemoryMarshal.GetReference(destination);
        ref char end = ref Unsafe.Add(ref start, destination.Length);
        ref char cursor = ref start;
        long drawn = 0;
        TRandom rng = random;
        nuint row = 0;
        while (true)
        {
            ulong r = rng.NextUInt64();
            nuint column = AliasDraw.Column(r, v);

            // Both words of the cell in one 8-byte load (unaligned: constant data in an assembly is only aligned to
            // its 4-byte elements) at the row plus a column offset made off the path; native-width indices leave
            // no zero-extension on it. Word 0 is the low half on little-endian machines; the test folds away.
            ref byte columnCells = ref Unsafe.As<ulong, byte>(ref Unsafe.Add(ref Unsafe.As<uint, ulong>(ref table), column));
            ulong cell = Unsafe.ReadUnaligned<ulong>(ref Unsafe.AddByteOffset(ref columnCells, row * sizeof(uint)));
            cell = BitConverter.IsLittleEndian ? cell : BitOperations.RotateLeft(cell, 32);
            nuint keep = AliasDraw.KeepMaskNative(r, (uint)cell);
            row = ((nuint)(cell >> 32) & ~keep) | ((column * rowLength) & keep);
            if (row == 0)
            {
                break; // the end token's row
            }

            if (row > lastRow)
            {
                ThrowMalformedTable(nameof(aliasTable));
            }

            if (Unsafe.AreSame(ref cursor, ref end))
            {
                // Too long for the caller's buffer: draw again (see remarks). No call here: one would cost the
                // generator's registers across the whole loop.
                drawn += destination.Length + 1L;
                if (drawn >= SpanSampling.MaxSymbols)
                {
                    SpanSampling.ThrowNoNameFits(destination.Length, drawn);
                }

                cursor = ref start;
                row = 0;
                continue;
            }

            cursor = Unsafe.Add(ref symbols, (nuint)((row * reciprocal) >> 32));
            cursor = ref Unsafe.Add(ref cursor, 1);
        }

        random = rng;
        return (int)(Unsafe.ByteOffset(ref start, ref cursor) / sizeof(char));
    }

    /// <summary>Draws one name as a string, of any length up to 2^20 characters.</summary>
    /// <remarks>
    /// The names of a model built from real data are short; a model whose names end only after millions of
    /// symbols (a probability of ending realised as a few 2^-24 steps) would make this overload allocate without
    /// bound, so a name that grows past 2^20 = 1,048,576 characters throws instead.
    /// </remarks>
    /// <typeparam name="TRandom">The random source.</typeparam>
    /// <param name="random">The random source.</param>
    /// <param name="aliasTable">The model's alias table (V×V cells).</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <returns>The name, without boundary tokens (empty when the model ends at once).</returns>
    /// <exception cref="InvalidOperationException">The name grew past 2^20 characters.</exception>
    public static string Sample<TRandom>(ref TRandom random, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet)
        where TRandom : struct, IRandomSource
    {
        int v = alphabet.Length;
        var name = new GrowingName(stackalloc char[64]);
        int previous = 0;
        while (true)
        {
            int next = NextSymbol(ref random, aliasTable, v, previous);
            if (next == 0)
            {
                return name.ToStringAndReturn();
            }

            name.Append(alphabet[next]);
            previous = next;
        }
    }

    /// <summary>
    /// Checks that the table has V×V cells for the alphabet's V (the cells' contents are not checked: every read
    /// of them is bounds-checked).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CheckTable(ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet)
    {
        if (alphabet.IsEmpty || aliasTable.Length != AliasTableBuilder.WordsPerCell * (long)alphabet.Length * alphabet.Length)
        {
            ThrowWrongTableSize(aliasTable.Length, alphabet.Length, nameof(aliasTable));
        }
    }

    private static void ThrowWrongTableSize(int length, int vocabularySize, string parameterName) =>
        throw new ArgumentException($"The alias table holds {length} words; a {vocabularySize}-symbol alphabet needs {AliasTableBuilder.WordsPerCell * (long)vocabularySize * vocabularySize}.", parameterName);

    private static void ThrowMalformedTable(string parameterName) =>
        throw new ArgumentException("The alias table is malformed: a cell names a symbol or row outside the table.", parameterName);
}
