// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;
using System.Collections.Generic;

namespace Makemore.Modeling;

/// <summary>Lays a smoothed <see cref="NGramModel"/> out as <see cref="NGramTables"/> (see there for the layout).</summary>
internal static class NGramTableBuilder
{
    /// <summary>The threshold scale, 2^32: a slot is kept when the draw's high 32 fraction bits are below its threshold.</summary>
    private const double ThresholdScale = 4294967296.0;

    /// <summary>Builds the tables.</summary>
    /// <exception cref="InvalidOperationException">Some context reachable from the start cannot lead to the end (possible only with additive α = 0).</exception>
    public static NGramTables Build(NGramModel model)
    {
        NGramCounts counts = model.Counts;
        int n = counts.Order;
        int v = counts.VocabularySize;
        var offset = new int[n + 1];
        for (int level = 0; level < n; level++)
        {
            offset[level + 1] = offset[level] + counts.Levels[level].NodeCount;
        }

        int nodes = offset[n];
        var hasEscape = new bool[nodes];
        var slotCount = new int[nodes];
        var escapeMass = new double[nodes]; // M_c = γ_c (1 − Σ_pairs P(w | parent)), the escape's weight
        int[][] pairNext = NextNodes(counts, offset); // per pair, the node after its symbol (−1 after the end symbol)
        for (int level = 0; level < n; level++)
        {
            NGramLevel l = counts.Levels[level];
            for (int i = 0; i < l.NodeCount; i++)
            {
                int g = offset[level] + i;
                int pairs = l.NodeFirstPair[i + 1] - l.NodeFirstPair[i];
                if (level == 0 && pairs != v)
                {
                    throw new InvalidOperationException("The root context must have a pair for every symbol.");
                }

                double parentMass = 0;
                for (int pair = l.NodeFirstPair[i]; pair < l.NodeFirstPair[i + 1]; pair++)
                {
                    if (level > 0)
                    {
                        parentMass += model.Probability[level - 1][l.SuffixPair[pair]];
                    }
                }

                hasEscape[g] = pairs < v;
                slotCount[g] = pairs + (pairs < v ? 1 : 0);
                escapeMass[g] = pairs < v ? Math.Max(0, model.Gamma[level][i] * (1 - parentMass)) : 0;
            }
        }

        // A node whose escape table is its own (no other node has the same parent and pairs, and no node below goes
        // on to it) and whose parent has an escape is merged with that table (see NGramTables): one block of the
        // same size, one draw fewer after an escape. A table shared by several nodes stays a block of its own, since
        // merging would copy it into each. Levels top down, so that a node's children have said if they need it.
        NGramEscapeTables escapes = NGramEscapeTables.Find(counts, offset, hasEscape);
        var sharers = new int[escapes.Count];
        for (int g = 0; g < nodes; g++)
        {
            if (escapes.OfNode[g] >= 0)
            {
                sharers[escapes.OfNode[g]]++;
            }
        }

        var merged = new bool[nodes];
        var needed = new bool[nodes]; // whether the node's escape table is laid out as a block of its own
        for (int level = n - 1; level >= 1; level--)
        {
            NGramLevel l = counts.Levels[level];
            for (int i = 0; i < l.NodeCount; i++)
            {
                int g = offset[level] + i;
                if (!hasEscape[g])
                {
                    continue;
                }

                int parent = offset[level - 1] + l.NodeParent[i];
                merged[g] = hasEscape[parent] && sharers[escapes.OfNode[g]] == 1 && !needed[g]
                    && escapes.SlotCount(escapes.OfNode[g], hasEscape) + slotCount[g] <= NGramTables.MaxBlockSlots;
                needed[g] |= !merged[g];
                needed[parent] |= hasEscape[parent] && (merged[g] || needed[g]); // where g's block or table goes on to
            }
        }

        var tableNeeded = new bool[escapes.Count];
        for (int g = 0; g < nodes; g++)
        {
            if (needed[g])
            {
                tableNeeded[escapes.OfNode[g]] = true;
            }
        }

        int start = 0; // the context of n − 1 start tokens
        for (int level = 1; level < n; level++)
        {
            start = counts.Levels[level].FindChild(start, 0);
        }

        start += offset[n - 1];

        // Where each block (a node's slots, or an escape table's) starts, so that links can be written as handles
        // in one pass (see NGramBlockLayout for the order). Escape tables only merged nodes use take no slots.
        int blocks = nodes + escapes.Count;
        var blockSlots = new int[blocks];
        for (int b = 0; b < blocks; b++)
        {
            if (b >= nodes)
            {
                blockSlots[b] = tableNeeded[b - nodes] ? escapes.SlotCount(b - nodes, hasEscape) : 0;
            }
            else if (merged[b])
            {
                blockSlots[b] = escapes.SlotCount(escapes.OfNode[b], hasEscape) + slotCount[b]; // own pairs, kept pairs, holder, escape
            }
            else
            {
                blockSlots[b] = slotCount[b];
            }
        }

        var blockStart = new int[blocks];
        var layout = new NGramBlockLayout(model, offset, pairNext, escapeMass, escapes, merged);
        int slots = NGramBlockLayout.Place(layout.ExpectedVisits(start), blockSlots, nodes, escapes, merged, blockStart);
        var handles = new uint[nodes];
        var tableHandles = new uint[escapes.Count];
        for (int b = 0; b < blocks; b++)
        {
            if (b < nodes)
            {
                handles[b] = NGramTables.Handle(blockStart[b], blockSlots[b], hasEscape[b]);
            }
            else if (tableNeeded[b - nodes])
            {
                tableHandles[b - nodes] = NGramTables.Handle(blockStart[b], blockSlots[b], hasEscape[escapes.Parent[b - nodes]]);
            }
        }

        var table = new NGramSlot[NGramTables.RecordCount(slots)];
        var symbols = new byte[slots];
        var thresholds = new uint[slots];
        var logProbabilities = new float[slots];
        var weights = new double[NGramTables.MaxBlockSlots];
        var scratch = new VoseAlias(NGramTables.MaxBlockSlots);
        for (int level = 0; level < n; level++)
        {
            NGramLevel l = counts.Levels[level];
            double[] p = model.Probability[level];
            for (int i = 0; i < l.NodeCount; i++)
            {
                int g = offset[level] + i;
                int first = blockStart[g];
                int slot = first;
                for (int pair = l.NodeFirstPair[i]; pair < l.NodeFirstPair[i + 1]; pair++)
                {
                    WritePair(table, symbols, logProbabilities, slot, l.SymbolOf(pair), pairNext[level][pair], p[pair], handles);
                    weights[slot - first] = p[pair];
                    slot++;
                }

                if (merged[g])
                {
                    // The escape table's pairs at P(w | c) = M_c · P(w | parent) / Z, a holder of ln γ_c for scoring
                    // (a copy of the last pair, never drawn), and the escape to the parent's escape table, at
                    // M_c · M_parent / Z, holding ln γ_parent and the number of the node's own pairs.
                    int e = escapes.OfNode[g];
                    int parent = escapes.Parent[e];
                    int parentLocal = l.NodeParent[i];
                    NGramLevel below = counts.Levels[level - 1];
                    double[] pp = model.Probability[level - 1];
                    int pairBase = below.NodeFirstPair[parentLocal];
                    double scale = layout.TableTotal(e) > 0 ? escapeMass[g] / layout.TableTotal(e) : 0; // Z = 0 makes M_c 0 too
                    for (int k = escapes.KeptStart[e]; k < escapes.KeptStart[e + 1]; k++)
                    {
                        int pair = pairBase + escapes.Kept[k];
                        WritePair(table, symbols, logProbabilities, slot, below.SymbolOf(pair), pairNext[level - 1][pair], pp[pair], handles);
                        weights[slot - first] = scale * pp[pair];
                        slot++;
                    }

                    symbols[slot] = symbols[slot - 1];
                    table[slot].Symbol = table[slot - 1].Symbol;
                    table[slot].Link = table[slot - 1].Link;
                    logProbabilities[slot] = (float)Math.Log(model.Gamma[level][i]);
                    weights[slot - first] = 0;
                    slot++;
                    table[slot].Symbol = (byte)(l.NodeFirstPair[i + 1] - l.NodeFirstPair[i]);
                    table[slot].Link = tableHandles[escapes.OfNode[parent]];
                    logProbabilities[slot] = (float)Math.Log(model.Gamma[level - 1][parentLocal]);
                    weights[slot - first] = scale * escapeMass[parent];
                    slot++;
                }
                else if (hasEscape[g])
                {
                    table[slot].Link = tableHandles[escapes.OfNode[g]];
                    logProbabilities[slot] = (float)Math.Log(model.Gamma[level][i]);
                    weights[slot - first] = escapeMass[g];
                    slot++;
                }

                BuildAlias(weights, slot - first, table, thresholds, first, scratch);
            }
        }

        // An escape table's slots are its parent's pairs it keeps, with alias weights P(w | parent), and the
        // parent's escape (on to the parent's escape table) at M_parent.
        for (int e = 0; e < escapes.Count; e++)
        {
            if (!tableNeeded[e])
            {
                continue;
            }

            int parent = escapes.Parent[e];
            (int level, int local) = Locate(offset, parent);
            NGramLevel l = counts.Levels[level];
            int pairBase = l.NodeFirstPair[local];
            int first = blockStart[nodes + e];
            int slot = first;
            for (int k = escapes.KeptStart[e]; k < escapes.KeptStart[e + 1]; k++)
            {
                int pair = pairBase + escapes.Kept[k];
                WritePair(table, symbols, logProbabilities, slot, l.SymbolOf(pair), pairNext[level][pair], model.Probability[level][pair], handles);
                weights[slot - first] = model.Probability[level][pair];
                slot++;
            }

            if (hasEscape[parent])
            {
                table[slot].Link = tableHandles[escapes.OfNode[parent]];
                logProbabilities[slot] = (float)Math.Log(model.Gamma[level][local]);
                weights[slot - first] = escapeMass[parent];
                slot++;
            }

            BuildAlias(weights, slot - first, table, thresholds, first, scratch);
        }

        PackRegions(table, thresholds, logProbabilities);
        int shortest = ShortestName(model, offset, start, handles, symbols, table);
        return new NGramTables(counts.Alphabet, n, handles[start], shortest, table, symbols, handles);
    }

    /// <summary>
    /// Per level and pair (context c, symbol w), the node to go on from after w: the longest node that is a suffix of
    /// c·w (−1 after the end symbol). Found level by level from the root's: if m, the node after (parent(c), w), is
    /// the whole of parent(c)·w, the answer is m extended by c's oldest symbol when that is a node (and the level
    /// allows one more symbol); otherwise m itself, since a longer suffix would have m's length as a node too.
    /// </summary>
    private static int[][] NextNodes(NGramCounts counts, int[] offset)
    {
        int n = counts.Order;
        var next = new int[n][];
        for (int level = 0; level < n; level++)
        {
            NGramLevel l = counts.Levels[level];
            var to = new int[l.PairCount];
            for (int pair = 0; pair < l.PairCount; pair++)
            {
                int w = l.SymbolOf(pair);
                if (w == 0)
                {
                    to[pair] = -1;
                    continue;
                }

                int m;
                int mLevel;
                if (level == 0)
                {
                    m = 0;
                    mLevel = 0;
                }
                else
                {
                    m = next[level - 1][l.SuffixPair[pair]];
                    mLevel = LevelOf(offset, m);
                    m -= offset[mLevel];
                }

                // m is the whole of parent(c)·w when it has as many symbols: level − 1 + 1 (the root's next is the empty context grown by w).
                int extendTo = level == 0 ? 1 : level + 1;
                if (mLevel == extendTo - 1 && extendTo < n)
                {
                    int child = counts.Levels[extendTo].FindChild(m, level == 0 ? w : l.OldestSymbol(l.NodeOfPair[pair]));
                    if (child >= 0)
                    {
                        m = child;
                        mLevel = extendTo;
                    }
                }

                to[pair] = offset[mLevel] + m;
            }

            next[level] = to;
        }

        return next;
    }

    private static int LevelOf(int[] offset, int node)
    {
        int level = 0;
        while (node >= offset[level + 1])
        {
            level++;
        }

        return level;
    }

    /// <summary>A pair's slot: its symbol (also in the search array), the handle of the node after it (0 after the end symbol), ln P.</summary>
    private static void WritePair(NGramSlot[] table, byte[] symbols, float[] logProbabilities, int slot, int symbol, int next, double probability, uint[] handles)
    {
        byte w = (byte)symbol;
        symbols[slot] = w;
        table[slot].Symbol = w;
        table[slot].Link = next < 0 ? 0 : handles[next];
        logProbabilities[slot] = (float)Math.Log(probability);
    }

    /// <summary>Each sampling slot's high threshold half, and the log-probability and threshold-low regions (see <see cref="NGramTables"/>).</summary>
    private static void PackRegions(NGramSlot[] table, uint[] thresholds, float[] logProbabilities)
    {
        int slots = thresholds.Length;
        int logRegion = NGramTables.LogProbabilityRegion(slots);
        int thresholdRegion = NGramTables.ThresholdRegion(slots);
        var bits = default(FloatBits);
        for (int i = 0; i < slots; i++)
        {
            table[i].Threshold = (ushort)(thresholds[i] >> 16);
            bits.Value = logProbabilities[i];
            table[logRegion + (i >> 1)].Bits |= (ulong)bits.Word << (32 * (i & 1));
            table[thresholdRegion + (i >> 2)].Bits |= (ulong)(thresholds[i] & 0xFFFF) << (16 * (i & 3));
        }
    }

    /// <summary>Walker/Vose alias table over <paramref name="count"/> weights, thresholds in units of 2^-32 of a column.</summary>
    private static void BuildAlias(double[] weights, int count, NGramSlot[] table, uint[] thresholds, int first, VoseAlias scratch)
    {
        // A block without mass (which sampling cannot enter) comes out uniform rather than with NaN thresholds.
        scratch.Build(weights, 0, count);
        for (int j = 0; j < count; j++)
        {
            double keep = Math.Round(scratch.Keep[j] * ThresholdScale);
            thresholds[first + j] = keep <= 0 ? 0u : keep >= ThresholdScale ? uint.MaxValue : (uint)keep;
            table[first + j].Alias = (byte)scratch.Alias[j];
        }
    }

    /// <summary>
    /// The fewest symbols of a name, checking on the way that every node reachable from the start can reach the
    /// end (so that sampling ends with probability 1). When every node gives the end token a positive probability,
    /// as any Kneser–Ney model and additive α &gt; 0 do, the answer is 0 without a search.
    /// </summary>
    private static int ShortestName(NGramModel model, int[] offset, int start, uint[] handles, byte[] symbol, NGramSlot[] table)
    {
        int nodes = handles.Length;
        int v = model.VocabularySize;
        var canEnd = new bool[nodes];
        bool all = true;
        for (int node = 0; node < nodes; node++)
        {
            canEnd[node] = EndProbability(model, offset, node) > 0;
            all &= canEnd[node];
        }

        if (all)
        {
            return 0;
        }

        // The state graph: from node c, every symbol w ≠ end with P(w | c) > 0 leads to next(c, w).
        var nodeOf = new Dictionary<uint, int>(nodes);
        for (int node = 0; node < nodes; node++)
        {
            nodeOf[handles[node]] = node;
        }

        var successors = new List<int>[nodes];
        var predecessors = new List<int>[nodes];
        for (int node = 0; node < nodes; node++)
        {
            successors[node] = new List<int>();
            predecessors[node] = new List<int>();
        }

        for (int node = 0; node < nodes; node++)
        {
            for (int w = 1; w < v; w++)
            {
                int to = Step(handles, nodeOf, symbol, table, model, offset, node, w);
                if (to >= 0)
                {
                    successors[node].Add(to);
                    predecessors[to].Add(node);
                }
            }
        }

        // Backwards from the nodes that can end at once.
        var queue = new Queue<int>();
        for (int node = 0; node < nodes; node++)
        {
            if (canEnd[node])
            {
                queue.Enqueue(node);
            }
        }

        while (queue.Count > 0)
        {
            foreach (int from in predecessors[queue.Dequeue()])
            {
                if (!canEnd[from])
                {
                    canEnd[from] = true;
                    queue.Enqueue(from);
                }
            }
        }

        // Forwards from the start, breadth first: the first node that can end at once gives the length.
        var distance = new int[nodes];
        for (int i = 0; i < nodes; i++)
        {
            distance[i] = -1;
        }

        distance[start] = 0;
        queue.Enqueue(start);
        int shortest = -1;
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            if (!canEnd[node])
            {
                throw new InvalidOperationException(
                    $"The model cannot end a name from a reachable context (node {node}): with additive smoothing α = 0 some context never leads to the end.");
            }

            if (shortest < 0 && EndProbability(model, offset, node) > 0)
            {
                shortest = distance[node];
            }

            foreach (int to in successors[node])
            {
                if (distance[to] < 0)
                {
                    distance[to] = distance[node] + 1;
                    queue.Enqueue(to);
                }
            }
        }

        return shortest;
    }

    /// <summary>The node after w from node c when P(w | c) &gt; 0, else −1 (build-time only: node numbers, not handles).</summary>
    private static int Step(uint[] handles, Dictionary<uint, int> nodeOf, byte[] symbol, NGramSlot[] table, NGramModel model, int[] offset, int node, int w)
    {
        while (true)
        {
            // A node's own pairs come first in its block (a merged block holds its escape table's after them).
            uint handle = handles[node];
            int first = (int)(handle >> NGramTables.HandleShift);
            bool escape = ((handle >> 8) & 1) != 0;
            (int level, int local) = Locate(offset, node);
            NGramLevel l = model.Counts.Levels[level];
            int pairs = l.NodeFirstPair[local + 1] - l.NodeFirstPair[local];
            for (int s = first; s < first + pairs; s++)
            {
                if (symbol[s] == w)
                {
                    int pair = l.NodeFirstPair[local] + (s - first);
                    return model.Probability[level][pair] > 0 ? nodeOf[table[s].Link] : -1;
                }
            }

            if (!escape || !(model.Gamma[level][local] > 0))
            {
                return -1;
            }

            node = offset[level - 1] + l.NodeParent[local];
        }
    }

    private static double EndProbability(NGramModel model, int[] offset, int node)
    {
        (int level, int local) = Locate(offset, node);
        return model.ProbabilityAt(level, local, 0);
    }

    private static (int Level, int Local) Locate(int[] offset, int node)
    {
        int level = 0;
        while (node >= offset[level + 1])
        {
            level++;
        }

        return (level, node - offset[level]);
    }

    /// <summary>A float's bits (netstandard2.0 has no BitConverter.SingleToUInt32Bits).</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
    private struct FloatBits
    {
        [System.Runtime.InteropServices.FieldOffset(0)]
        public float Value;

        [System.Runtime.InteropServices.FieldOffset(0)]
        public uint Word;
    }
}
