// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Smoothing;

namespace Makemore.Modeling.Tables;

/// <summary>
/// Lays a smoothed <see cref="NGramModel"/> out as <see cref="NGramTables"/> (see there for the layout), in named
/// phases: what each node holds (<see cref="NodeSlots"/>), which escape tables exist and which are merged into their
/// node (<see cref="Merge"/>), how many slots each block takes (<see cref="BlockSlots"/>: all the size budget needs,
/// <see cref="Measure"/>), where each block goes (<see cref="Place"/>), then each block's slots and alias table
/// (<see cref="FillNode"/>, <see cref="FillEscapeTable"/>), and last the check that every name ends.
/// </summary>
internal sealed class NGramTableBuilder
{
    private readonly NGramModel _model;
    private readonly NGramCounts _counts;
    private readonly NGramTableFormat _format;
    private readonly int _order;
    private readonly int[] _offset;        // the global number of each level's first node
    private readonly int _nodes;
    private readonly int[][] _pairNext;    // per level and pair, the node after its symbol (−1 after the end symbol)
    private readonly bool[] _hasEscape;    // per node: fewer pairs than symbols
    private readonly int[] _ownSlots;      // per node: its pairs and its escape
    private readonly double[] _escapeMass; // per node: M_c = γ_c (1 − Σ_pairs P(w | parent)), the escape's weight
    private NGramEscapeTables _escapes = null!;
    private bool[] _merged = [];           // per node: its block holds its escape table's pairs too
    private bool[] _tableNeeded = [];      // per escape table: laid out as a block of its own
    private int[] _blockSlots = [];        // per block (nodes, then escape tables)
    private int[] _blockStart = [];
    private NGramBlockLayout _layout = null!;
    private ulong[] _handles = [];
    private ulong[] _tableHandles = [];
    private NGramSlotWriter _slots = null!; // the records, written block by block
    private double[] _weights = [];        // the alias weights of the block being filled
    private float[][] _pairLog = [];       // per level and pair, ln P(w | c): the same in every block that holds the pair
    private VoseAlias _vose = null!;

    private NGramTableBuilder(NGramCounts counts, NGramModel? model, NGramTableFormat format)
    {
        _model = model!; // null when only measuring, which reads the structure alone
        _counts = counts;
        _format = format;
        _order = _counts.Order;
        _offset = new int[_order + 1];
        for (int level = 0; level < _order; level++)
        {
            _offset[level + 1] = _offset[level] + _counts.Levels[level].NodeCount;
        }

        _nodes = _offset[_order];
        _hasEscape = new bool[_nodes];
        _ownSlots = new int[_nodes];
        _escapeMass = new double[_nodes];
        _pairNext = model is null ? [] : NextNodes();
    }

    /// <summary>The threshold scale, 2^32: a slot is kept when the draw's high 32 fraction bits are below its threshold.</summary>
    private const double ThresholdScale = 4294967296.0;

    /// <summary>Builds the tables, narrow when the alphabet and the slots allow it (<see cref="NGramTableFormat.For"/>).</summary>
    /// <param name="model">The smoothed model.</param>
    /// <param name="format">A format to use instead (the tests build wide tables of small alphabets too).</param>
    /// <exception cref="InvalidOperationException">Some context reachable from the start cannot lead to the end (possible only with additive α = 0).</exception>
    public static NGramTables Build(NGramModel model, NGramTableFormat? format = null)
    {
        format ??= NGramTableFormat.For(model.VocabularySize);
        var builder = new NGramTableBuilder(model.Counts, model, format);
        if (builder.Lay() > format.MaxSlots)
        {
            builder = new NGramTableBuilder(model.Counts, model, NGramTableFormat.Wide); // too many slots for 32-bit handles
            builder.Lay();
        }

        builder.Place();
        return builder.Fill();
    }

    /// <summary>
    /// The bytes the tables of a model of these counts take, from their structure alone (which pairs each context
    /// has, which escape tables they share and merge): what the size budget measures, without smoothing or laying out.
    /// </summary>
    public static long Measure(NGramCounts counts)
    {
        NGramTableFormat format = NGramTableFormat.For(counts.VocabularySize);
        long slots = new NGramTableBuilder(counts, null, format).Lay();
        if (slots > format.MaxSlots)
        {
            format = NGramTableFormat.Wide;
            slots = new NGramTableBuilder(counts, null, format).Lay();
        }

        return slots * format.BytesPerSlot;
    }

    /// <summary>The slots the tables need, by <see cref="NodeSlots"/>, <see cref="Merge"/> and <see cref="BlockSlots"/>.</summary>
    private long Lay()
    {
        NodeSlots();
        Merge();
        return BlockSlots();
    }

    /// <summary>Each node's slots (its pairs, and an escape unless it has all V symbols) and its escape's weight.</summary>
    [MethodImpl(RunOnce.Optimized)]
    private void NodeSlots()
    {
        int v = _counts.VocabularySize;
        for (int level = 0; level < _order; level++)
        {
            NGramLevel l = _counts.Levels[level];
            for (int i = 0; i < l.NodeCount; i++)
            {
                int g = _offset[level] + i;
                int pairs = l.NodeFirstPair[i + 1] - l.NodeFirstPair[i];
                if (level == 0 && pairs != v)
                {
                    throw new InvalidOperationException("The root context must have a pair for every symbol.");
                }

                double parentMass = 0;
                if (level > 0 && _model is not null)
                {
                    double[] parentP = _model.Probability[level - 1];
                    for (int pair = l.NodeFirstPair[i]; pair < l.NodeFirstPair[i + 1]; pair++)
                    {
                        parentMass += parentP[l.SuffixPair[pair]];
                    }
                }

                _hasEscape[g] = pairs < v;
                _ownSlots[g] = pairs + (pairs < v ? 1 : 0);
                _escapeMass[g] = pairs < v && _model is not null ? Math.Max(0, _model.Gamma[level][i] * (1 - parentMass)) : 0;
            }
        }
    }

    /// <summary>
    /// Finds the escape tables and merges each into its node where that saves a draw: a node whose escape table is
    /// its own (no other node has the same parent and pairs, and no node below goes on to it) and whose parent has an
    /// escape becomes one block of its pairs, the table's pairs, a holder slot and the table's escape. A table shared
    /// by several nodes stays a block of its own, since merging would copy it into each. Levels top down, so that a
    /// node's children have said whether they need its table.
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    private void Merge()
    {
        if (!_format.UsesEscapeTables)
        {
            _escapes = NGramEscapeTables.None(_nodes);
            _merged = new bool[_nodes];
            _tableNeeded = [];
            return;
        }

        _escapes = NGramEscapeTables.Find(_counts, _offset, _hasEscape);
        var sharers = new int[_escapes.Count];
        for (int g = 0; g < _nodes; g++)
        {
            if (_escapes.OfNode[g] >= 0)
            {
                sharers[_escapes.OfNode[g]]++;
            }
        }

        _merged = new bool[_nodes];
        var needed = new bool[_nodes]; // whether the node's escape table is laid out as a block of its own
        for (int level = _order - 1; level >= 1; level--)
        {
            NGramLevel l = _counts.Levels[level];
            for (int i = 0; i < l.NodeCount; i++)
            {
                int g = _offset[level] + i;
                if (!_hasEscape[g])
                {
                    continue;
                }

                int parent = _offset[level - 1] + l.NodeParent[i];
                _merged[g] = _hasEscape[parent] && sharers[_escapes.OfNode[g]] == 1 && !needed[g]
                    && _escapes.SlotCount(_escapes.OfNode[g], _hasEscape) + _ownSlots[g] <= _format.MaxBlockSlots;
                needed[g] |= !_merged[g];
                needed[parent] |= _hasEscape[parent] && (_merged[g] || needed[g]); // where g's block or table goes on to
            }
        }

        _tableNeeded = new bool[_escapes.Count];
        for (int g = 0; g < _nodes; g++)
        {
            if (needed[g])
            {
                _tableNeeded[_escapes.OfNode[g]] = true;
            }
        }
    }

    /// <summary>Each block's slots (nodes, then escape tables); returns the slots in all.</summary>
    [MethodImpl(RunOnce.Optimized)]
    private long BlockSlots()
    {
        int blocks = _nodes + _escapes.Count;
        _blockSlots = new int[blocks];
        for (int b = 0; b < blocks; b++)
        {
            _blockSlots[b] = b >= _nodes
                ? (_tableNeeded[b - _nodes] ? _escapes.SlotCount(b - _nodes, _hasEscape) : 0) // tables only merged nodes use take no slots
                : _merged[b] ? _escapes.SlotCount(_escapes.OfNode[b], _hasEscape) + _ownSlots[b] // own pairs, kept pairs, holder, escape
                : _ownSlots[b];
        }

        long slots = 0;
        foreach (int count in _blockSlots)
        {
            slots += count;
        }

        return slots;
    }

    /// <summary>Where each block starts (see <see cref="NGramBlockLayout"/> for the order).</summary>
    private void Place()
    {
        _blockStart = new int[_blockSlots.Length];
        _layout = new NGramBlockLayout(_model, _offset, _pairNext, _escapeMass, _escapes, _merged, _format.UsesEscapeTables);
        NGramBlockLayout.Place(_layout.ExpectedVisits(StartNode()), _blockSlots, _nodes, _escapes, _merged, _blockStart);
    }

    /// <summary>Every block's slots, in the format's records.</summary>
    [MethodImpl(RunOnce.Optimized)]
    private NGramTables Fill()
    {
        int slots = 0;
        foreach (int count in _blockSlots)
        {
            slots += count;
        }

        _handles = new ulong[_nodes];
        _tableHandles = new ulong[_escapes.Count];
        for (int b = 0; b < _blockStart.Length; b++)
        {
            if (b < _nodes)
            {
                _handles[b] = _format.Handle(_blockStart[b], _blockSlots[b], _hasEscape[b]);
            }
            else if (_tableNeeded[b - _nodes])
            {
                _tableHandles[b - _nodes] = _format.Handle(_blockStart[b], _blockSlots[b], _hasEscape[_escapes.Parent[b - _nodes]]);
            }
        }

        _slots = new NGramSlotWriter(_format, slots);
        _weights = new double[_format.MaxBlockSlots];
        _vose = new VoseAlias(_format.MaxBlockSlots);
        _pairLog = new float[_order][];
        for (int level = 0; level < _order; level++)
        {
            double[] p = _model.Probability[level];
            var log = new float[p.Length];
            for (int pair = 0; pair < p.Length; pair++)
            {
                log[pair] = (float)Math.Log(p[pair]);
            }

            _pairLog[level] = log;
        }

        for (int level = 0; level < _order; level++)
        {
            for (int i = 0; i < _counts.Levels[level].NodeCount; i++)
            {
                FillNode(level, i);
            }
        }

        for (int e = 0; e < _escapes.Count; e++)
        {
            if (_tableNeeded[e])
            {
                FillEscapeTable(e);
            }
        }

        int start = StartNode();
        int shortest = NGramShortestName.Find(_model, _offset, start, _hasEscape, _pairNext);
        return _slots.ToTables(_format, _counts.Alphabet, _order, _handles[start], shortest, _handles);
    }

    /// <summary>
    /// A node's block: its pairs at P(w | c), then either its escape at M_c (going on to its escape table), or, when
    /// merged, the table's pairs at P(w | c) = M_c · P(w | parent) / Z, a holder of ln γ_c for scoring (a copy of the
    /// last pair, never drawn), and the escape to the parent's escape table at M_c · M_parent / Z, holding ln γ_parent
    /// and the number of the node's own pairs.
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    private void FillNode(int level, int i)
    {
        NGramLevel l = _counts.Levels[level];
        double[] p = _model.Probability[level];
        int g = _offset[level] + i;
        int first = _blockStart[g];
        int slot = first;
        for (int pair = l.NodeFirstPair[i]; pair < l.NodeFirstPair[i + 1]; pair++)
        {
            Pair(slot++, l.SymbolOf(pair), _pairNext[level][pair], _pairLog[level][pair], p[pair], first);
        }

        if (_merged[g])
        {
            int e = _escapes.OfNode[g];
            int parent = _escapes.Parent[e];
            int parentLocal = l.NodeParent[i];
            NGramLevel below = _counts.Levels[level - 1];
            double[] pp = _model.Probability[level - 1];
            int pairBase = below.NodeFirstPair[parentLocal];
            double scale = _layout.TableTotal(e) > 0 ? _escapeMass[g] / _layout.TableTotal(e) : 0; // Z = 0 makes M_c 0 too
            for (int k = _escapes.KeptStart[e]; k < _escapes.KeptStart[e + 1]; k++)
            {
                int pair = pairBase + _escapes.Kept[k];
                Pair(slot++, below.SymbolOf(pair), _pairNext[level - 1][pair], _pairLog[level - 1][pair], scale * pp[pair], first);
            }

            _slots.Holder(slot, (float)Math.Log(_model.Gamma[level][i]));
            _weights[slot - first] = 0;
            slot++;
            _slots.Slot(slot, l.NodeFirstPair[i + 1] - l.NodeFirstPair[i], _tableHandles[_escapes.OfNode[parent]], (float)Math.Log(_model.Gamma[level - 1][parentLocal]));
            _weights[slot - first] = scale * _escapeMass[parent];
            slot++;
        }
        else if (_hasEscape[g])
        {
            ulong link = _format.UsesEscapeTables ? _tableHandles[_escapes.OfNode[g]] : _handles[_offset[level - 1] + l.NodeParent[i]];
            _slots.Slot(slot, 0, link, (float)Math.Log(_model.Gamma[level][i]));
            _weights[slot - first] = _escapeMass[g];
            slot++;
        }

        Alias(first, slot - first);
    }

    /// <summary>An escape table's block: its parent's pairs it keeps, at P(w | parent), and the parent's escape (on to the parent's escape table) at M_parent.</summary>
    [MethodImpl(RunOnce.Optimized)]
    private void FillEscapeTable(int e)
    {
        int parent = _escapes.Parent[e];
        int level = LevelOf(_offset, parent);
        int local = parent - _offset[level];
        NGramLevel l = _counts.Levels[level];
        double[] p = _model.Probability[level];
        int pairBase = l.NodeFirstPair[local];
        int first = _blockStart[_nodes + e];
        int slot = first;
        for (int k = _escapes.KeptStart[e]; k < _escapes.KeptStart[e + 1]; k++)
        {
            int pair = pairBase + _escapes.Kept[k];
            Pair(slot++, l.SymbolOf(pair), _pairNext[level][pair], _pairLog[level][pair], p[pair], first);
        }

        if (_hasEscape[parent])
        {
            _slots.Slot(slot, 0, _tableHandles[_escapes.OfNode[parent]], (float)Math.Log(_model.Gamma[level][local]));
            _weights[slot - first] = _escapeMass[parent];
            slot++;
        }

        Alias(first, slot - first);
    }

    /// <summary>A pair's slot: its symbol, the handle of the node after it (0 after the end symbol), ln P, and its alias weight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Pair(int slot, int symbol, int next, float logProbability, double weight, int first)
    {
        _slots.Slot(slot, symbol, next < 0 ? 0 : _handles[next], logProbability);
        _weights[slot - first] = weight;
    }

    /// <summary>Walker/Vose alias table over the block's weights, thresholds in units of 2^-32 of a column.</summary>
    [MethodImpl(RunOnce.Optimized)]
    private void Alias(int first, int count)
    {
        // A block without mass (which sampling cannot enter) comes out uniform rather than with NaN thresholds.
        _vose.Build(_weights, 0, count);
        for (int j = 0; j < count; j++)
        {
            double keep = Math.Round(_vose.Keep[j] * ThresholdScale);
            _slots.Alias(first + j, keep <= 0 ? 0u : keep >= ThresholdScale ? uint.MaxValue : (uint)keep, _vose.Alias[j]);
        }
    }

    /// <summary>The node of n − 1 start tokens, where every name begins.</summary>
    private int StartNode()
    {
        int start = 0;
        for (int level = 1; level < _order; level++)
        {
            start = _counts.Levels[level].FindChild(start, 0);
        }

        return _offset[_order - 1] + start;
    }

    /// <summary>
    /// Per level and pair (context c, symbol w), the node to go on from after w: the longest node that is a suffix of
    /// c·w (−1 after the end symbol). Found level by level from the root's: if m, the node after (parent(c), w), is
    /// the whole of parent(c)·w, the answer is m extended by c's oldest symbol when that is a node (and the order
    /// allows one more symbol); otherwise m itself, since a longer suffix would make m's length a node too.
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    private int[][] NextNodes()
    {
        var next = new int[_order][];
        for (int level = 0; level < _order; level++)
        {
            NGramLevel l = _counts.Levels[level];
            NGramLevel? above = level + 1 < _order ? _counts.Levels[level + 1] : null;
            int[] firstChild = above is null ? [] : FirstChildren(above, l.NodeCount);
            var to = new int[l.PairCount];
            for (int pair = 0; pair < l.PairCount; pair++)
            {
                int w = l.SymbolOf(pair);
                if (w == 0)
                {
                    to[pair] = -1;
                    continue;
                }

                int m = level == 0 ? 0 : next[level - 1][l.SuffixPair[pair]];
                int mLevel = LevelOf(_offset, m);
                m -= _offset[mLevel];
                if (mLevel == level && level + 1 < _order)
                {
                    // The root's next is the empty context grown by w; a deeper one grows by c's oldest symbol.
                    ulong key = NGramKey.Of(m, level == 0 ? w : l.OldestSymbol(l.NodeOfPair[pair]));
                    int child = Array.BinarySearch(above!.NodeKeys, firstChild[m], firstChild[m + 1] - firstChild[m], key);
                    if (child >= 0)
                    {
                        m = child;
                        mLevel = level + 1;
                    }
                }

                to[pair] = _offset[mLevel] + m;
            }

            next[level] = to;
        }

        return next;
    }

    /// <summary>
    /// Where each node's children start among the nodes of the level above (its last entry: their count): a level's
    /// nodes are sorted by parent, so a child is searched for among its parent's children, not the whole level.
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    private static int[] FirstChildren(NGramLevel above, int parents)
    {
        var first = new int[parents + 1];
        int child = 0;
        for (int parent = 0; parent <= parents; parent++)
        {
            while (child < above.NodeCount && above.NodeParent[child] < parent)
            {
                child++;
            }

            first[parent] = child;
        }

        return first;
    }

    /// <summary>The level of a global node number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int LevelOf(int[] offset, int node)
    {
        int level = 0;
        while (node >= offset[level + 1])
        {
            level++;
        }

        return level;
    }
}
