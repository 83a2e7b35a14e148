using System;
using Makemore.Modeling.Tables;

namespace Makemore.Bigram;

/// <summary>The bigram bulk sampler's argument checks: after them the lanes may index the table without bounds checks.</summary>
internal static class BigramBulkArguments
{
    /// <summary>Checks the tables, the shortest name and the length limit.</summary>
    /// <exception cref="ArgumentException">The tables are malformed, or the model cannot produce a finite name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNameLength"/> is below <paramref name="shortestSampleLength"/> (or int.MaxValue).</exception>
    public static void Validate(ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet, int shortestSampleLength, int maxNameLength)
    {
        BigramSampler.CheckTable(aliasTable, alphabet);
        if (alphabet.Length > 256)
        {
            throw new ArgumentException("An alphabet holds at most 256 symbols, '.' included.", nameof(alphabet));
        }

        // The lanes index the table without bounds checks: every alias must name a symbol.
        uint v = (uint)alphabet.Length;
        for (int cell = 0; cell < aliasTable.Length; cell += AliasTableBuilder.WordsPerCell)
        {
            uint entry = aliasTable[cell];
            if ((entry & 0xFF) >= v)
            {
                throw new ArgumentException($"The alias table has an alias {entry & 0xFF} outside a {v}-symbol alphabet.", nameof(aliasTable));
            }
        }

        if (shortestSampleLength < 0)
        {
            throw new ArgumentException("The model cannot produce a finite name: no path leads from the start token back to the end token.", nameof(shortestSampleLength));
        }

        if (maxNameLength < shortestSampleLength || maxNameLength == int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNameLength), maxNameLength, $"The shortest name this model can produce has {shortestSampleLength} characters.");
        }
    }
}
