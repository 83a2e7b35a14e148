// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling.Tables;

/// <summary>
/// Builds Walker/Vose alias tables, one per row of a V×V probability matrix, so that drawing the next symbol
/// costs one random number and one table cell whatever V is.
/// </summary>
/// <remarks>
/// <para>
/// Layout: V×V cells, row-major, each of <see cref="WordsPerCell"/> = 2 <see cref="uint"/>s, so cell (r, c) starts
/// at index 2(rV + c). Word 0 holds the keep threshold t in its high 24 bits and the alias a in its low 8 bits;
/// word 1 holds 2V·a, the index where the alias's own row starts. To sample row r: pick a column c uniformly,
/// then keep c when a uniform 24-bit number is below t, otherwise take a. A full column stores t = 2^24 − 1 and
/// a = c itself, so it always yields c.
/// </para>
/// <para>
/// Word 1 is redundant, and there for speed: a name is a chain of dependent loads (each symbol picks the row of
/// the next), and with the alias's row index stored, the chain loads it instead of multiplying the alias by V.
/// </para>
/// <para>
/// What the table realises: the column is uniform (to within 2^-32, from 32 random bits) and the keep
/// probability is t/2^24, so each probability of the row is realised to within 2^-24, and one that rounds to
/// zero in every cell that could yield it is never drawn. Every check of what a model can produce (the shortest
/// name, whether a name always ends) is made on this table, through <see cref="Drawable"/>, not on P.
/// </para>
/// </remarks>
internal static class AliasTableBuilder
{
    /// <summary>Bits of the keep threshold.</summary>
    public const int ThresholdBits = 24;

    /// <summary>The threshold scale, 2^24.</summary>
    public const uint ThresholdScale = 1u << ThresholdBits;

    /// <summary><see cref="uint"/>s per cell: the threshold and alias, then the alias's row index.</summary>
    public const int WordsPerCell = 2;

    /// <summary>
    /// Builds the table from row weights: finite and non-negative (callers check), on any scale, since each row is
    /// normalised here.
    /// </summary>
    public static uint[] Build(double[] weights, int vocabularySize)
    {
        int v = vocabularySize;
        var table = new uint[WordsPerCell * v * v];
        var alias = new VoseAlias(v);
        for (int row = 0; row < v; row++)
        {
            // A row that cannot be left (all zero) comes out uniform, so that the table stays well formed; such a
            // row is never reached because nothing leads into it with positive probability.
            alias.Build(weights, row * v, v);
            for (int j = 0; j < v; j++)
            {
                SetCell(table, v, row, j, alias.Keep[j], alias.Alias[j]);
            }
        }

        return table;
    }

    private static void SetCell(uint[] table, int vocabularySize, int row, int column, double keep, int alias)
    {
        double t = Math.Round(keep * ThresholdScale);
        uint threshold = t >= ThresholdScale ? ThresholdScale - 1 : t <= 0 ? 0u : (uint)t;
        int cell = WordsPerCell * ((row * vocabularySize) + column);
        table[cell] = (threshold << 8) | (uint)alias;
        table[cell + 1] = (uint)(WordsPerCell * vocabularySize * alias);
    }

    /// <summary>
    /// Which transitions the table can draw: <c>drawable[i × V + j]</c> when row i yields j with a non-zero
    /// probability, i.e. some cell of the row keeps column j with t &gt; 0, or has j as its alias (taken with
    /// probability (2^24 − t)/2^24 &gt; 0, since t &lt; 2^24).
    /// </summary>
    public static bool[] Drawable(uint[] table, int vocabularySize)
    {
        int v = vocabularySize;
        var drawable = new bool[v * v];
        for (int row = 0; row < v; row++)
        {
            for (int column = 0; column < v; column++)
            {
                uint entry = table[WordsPerCell * ((row * v) + column)];
                if ((entry >> 8) > 0)
                {
                    drawable[(row * v) + column] = true;
                }

                drawable[(row * v) + (int)(entry & 0xFF)] = true;
            }
        }

        return drawable;
    }
}
