// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;

namespace Makemore.Modeling.Tables;

/// <summary>
/// Vose's alias method, once for every table the library builds: the bigram's and the context tree's (whose
/// thresholds are quantised to 2^-32 of a column) and the tempered model's (kept in double).
/// </summary>
internal sealed class VoseAlias
{
    private readonly double[] _scaled;
    private readonly int[] _small;
    private readonly int[] _large;

    /// <summary>Scratch for tables of up to <paramref name="capacity"/> columns, reused from one table to the next.</summary>
    public VoseAlias(int capacity)
    {
        _scaled = new double[capacity];
        _small = new int[capacity];
        _large = new int[capacity];
        Keep = new double[capacity];
        Alias = new int[capacity];
    }

    /// <summary>After <see cref="Build"/>: each column's own share, from 0 to 1 (1 for a column kept whole).</summary>
    public double[] Keep { get; }

    /// <summary>After <see cref="Build"/>: the column that takes the rest of each column (itself when kept whole).</summary>
    public int[] Alias { get; }

    /// <summary>
    /// Pairs the columns of <paramref name="count"/> weights read from <paramref name="weights"/> at
    /// <paramref name="offset"/> (finite, non-negative, on any scale) into <see cref="Keep"/> and <see cref="Alias"/>.
    /// Weights without mass give a uniform table, so that a table nothing can enter is still well formed.
    /// </summary>
    /// <remarks>
    /// Columns are pushed from the last to the first and paired last in, first out, so a table depends on its
    /// weights alone, and the generator and the runtime build the same bits.
    /// </remarks>
    [MethodImpl(RunOnce.Optimized)]
    public void Build(double[] weights, int offset, int count)
    {
        // The arrays in locals: stores to one would otherwise make the JIT load the others again from the fields.
        double[] scaledOf = _scaled;
        int[] smalls = _small;
        int[] larges = _large;
        double[] keep = Keep;
        int[] alias = Alias;
        double total = 0;
        for (int j = 0; j < count; j++)
        {
            total += weights[offset + j];
        }

        int small = 0;
        int large = 0;
        for (int j = count - 1; j >= 0; j--)
        {
            double scaled = total > 0 ? weights[offset + j] / total * count : 1.0;
            scaledOf[j] = scaled;
            if (scaled < 1.0)
            {
                smalls[small++] = j;
            }
            else
            {
                larges[large++] = j;
            }
        }

        while (small > 0 && large > 0)
        {
            int less = smalls[--small];
            int more = larges[--large];
            keep[less] = scaledOf[less];
            alias[less] = more;
            scaledOf[more] = (scaledOf[more] + scaledOf[less]) - 1.0;
            if (scaledOf[more] < 1.0)
            {
                smalls[small++] = more;
            }
            else
            {
                larges[large++] = more;
            }
        }

        // What is left is full up to rounding error: kept whole.
        while (large > 0)
        {
            int j = larges[--large];
            keep[j] = 1.0;
            alias[j] = j;
        }

        while (small > 0)
        {
            int j = smalls[--small];
            keep[j] = 1.0;
            alias[j] = j;
        }
    }
}
