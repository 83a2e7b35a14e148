using System;

namespace Makemore.Constraints;

/// <summary>
/// The dynamic program that makes length constraints exact without rejection: A(c, ℓ), the probability under the
/// tempered model that a name which has ℓ characters and context c goes on to end with a length from
/// <see cref="Min"/> to <see cref="Max"/>. Drawing symbol w with probability r(w | c) · A(c·w, ℓ + 1) / A(c, ℓ)
/// (for the end, r(end | c) when ℓ itself is allowed) gives a name from the model conditioned on its length,
/// exactly.
/// </summary>
/// <remarks>
/// <para>
/// A context tree's recursion follows its escapes: A(c, ℓ) = Σ_pairs r(w | c) V(w) + E(c, ℓ), where E(c, ℓ), the
/// share of the symbols c has no pair for, is g(c) · (Σ over the parent's other pairs of r(w | parent) V(w) +
/// E(parent, ℓ)); only sums of positive terms, parents before children, O(pairs) per context and length.
/// </para>
/// <para>
/// The table covers lengths <see cref="From"/> (the prefix's) to <see cref="Top"/>: <see cref="Max"/> when there
/// is one (A = 0 beyond it), else <see cref="Min"/> − 1 (A = 1 from <see cref="Min"/> on, since every name of
/// the model ends). It holds one double per context and length, and is refused beyond
/// <see cref="MaxEntries"/> rather than take gigabytes.
/// </para>
/// </remarks>
internal sealed class LengthTable
{
    /// <summary>The most entries (contexts × lengths) a table may have: 128 MB of doubles.</summary>
    public const long MaxEntries = 1L << 24;

    private readonly double[] _values;
    private readonly int _nodes;
    private readonly int[] _pairNext;
    private readonly ushort[] _pairSymbol;
    private readonly double _beyond;

    public LengthTable(TemperedGraph tempered, int from, int min, int max)
    {
        ContextGraph graph = tempered.Graph;
        From = from;
        Min = min;
        Max = max;
        Top = max == int.MaxValue ? min - 1 : max;
        _beyond = max == int.MaxValue ? 1 : 0;
        _nodes = graph.NodeCount;
        _pairNext = graph.PairNext;
        _pairSymbol = graph.PairSymbol;
        int layers = Top - From + 1;
        _values = new double[(long)layers * _nodes];
        double[] r = tempered.Pair;
        var escaped = new double[_nodes];
        var weighted = new double[r.Length];
        for (int length = Top; length >= From; length--)
        {
            // Each pair's weight at this length, once: r(w | c) times what its symbol leads to.
            for (int i = 0; i < weighted.Length; i++)
            {
                weighted[i] = r[i] * PairValue(i, length);
            }

            Span<double> layer = _values.AsSpan((length - From) * _nodes, _nodes);
            foreach (int c in graph.ParentsFirst)
            {
                double sum = 0;
                for (int i = graph.PairStart[c]; i < graph.PairStart[c + 1]; i++)
                {
                    sum += weighted[i];
                }

                int parent = graph.Parent[c];
                if (parent >= 0)
                {
                    double other = escaped[parent];
                    foreach (int i in graph.PairsBesides(parent, c))
                    {
                        other += weighted[i];
                    }

                    escaped[c] = tempered.Escape[c] * other;
                    sum += escaped[c];
                }
                else
                {
                    escaped[c] = 0;
                }

                layer[c] = sum;
            }
        }
    }

    /// <summary>The length the table starts at (the prefix's).</summary>
    public int From { get; }

    /// <summary>The last length in the table.</summary>
    public int Top { get; }

    /// <summary>The shortest length allowed.</summary>
    public int Min { get; }

    /// <summary>The longest length allowed (<see cref="int.MaxValue"/>: none).</summary>
    public int Max { get; }

    /// <summary>How many entries a table from <paramref name="from"/> for these bounds would hold.</summary>
    public static long Entries(int nodes, int from, int min, int max) =>
        (long)nodes * Math.Max(0, (max == int.MaxValue ? min - 1 : max) - from + 1);

    /// <summary>A(c, ℓ).</summary>
    public double Value(int node, int length) =>
        length > Top ? _beyond : _values[((length - From) * _nodes) + node];

    /// <summary>The weight a pair's symbol gets at length ℓ: whether ℓ may end the name, or A after the symbol.</summary>
    public double PairValue(int pair, int length) =>
        _pairSymbol[pair] == 0
            ? (length >= Min && length <= Max ? 1 : 0)
            : Value(_pairNext[pair], length + 1);
}
