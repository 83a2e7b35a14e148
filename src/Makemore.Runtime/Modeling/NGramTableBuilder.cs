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
        int slots = 0;
        for (int level = 0; level < n; level++)
        {
            NGramLevel l = counts.Levels[level];
            for (int i = 0; i < l.NodeCount; i++)
            {
                int pairs = l.NodeFirstPair[i + 1] - l.NodeFirstPair[i];
                if (level == 0 && pairs != v)
                {
                    throw new InvalidOperationException("The root context must have a pair for every symbol.");
                }

                slots += pairs + (pairs < v ? 1 : 0);
            }
        }

        var nodeStart = new int[nodes + 1];
        var symbol = new byte[slots];
        var next = new int[slots];
        var logProbability = new float[slots];
        var threshold = new uint[slots];
        var alias = new byte[slots];
        var weights = new double[v + 1];
        var scratch = new AliasScratch(v + 1);
        int slot = 0;
        for (int level = 0; level < n; level++)
        {
            NGramLevel l = counts.Levels[level];
            double[] p = model.Probability[level];
            for (int i = 0; i < l.NodeCount; i++)
            {
                nodeStart[offset[level] + i] = slot;
                int first = slot;
                double parentMass = 0; // Σ P(w | parent) over this node's pairs
                for (int pair = l.NodeFirstPair[i]; pair < l.NodeFirstPair[i + 1]; pair++)
                {
                    ulong key = l.PairKeys[pair];
                    int w = (int)(key & 0xFF);
                    symbol[slot] = (byte)w;
                    logProbability[slot] = (float)Math.Log(p[pair]);
                    next[slot] = w == 0 ? 0 : NextNode(counts, offset, level, key);
                    weights[slot - first] = p[pair];
                    if (level > 0)
                    {
                        parentMass += model.Probability[level - 1][l.SuffixPair[pair]];
                    }

                    slot++;
                }

                int pairs = slot - first;
                if (pairs < v)
                {
                    double gamma = model.Gamma[level][i];
                    symbol[slot] = 0;
                    next[slot] = ~(offset[level - 1] + l.NodeParent[i]);
                    logProbability[slot] = (float)Math.Log(gamma);
                    weights[pairs] = Math.Max(0, gamma * (1 - parentMass));
                    slot++;
                }

                BuildAlias(weights, slot - first, threshold, alias, first, scratch);
            }
        }

        nodeStart[nodes] = slot;
        int start = offset[n - 1] + counts.Levels[n - 1].FindNode(0);
        int shortest = ShortestName(model, offset, start, nodeStart, symbol, next);
        return new NGramTables(counts.Alphabet, n, start, shortest, nodeStart, symbol, next, logProbability, threshold, alias);
    }

    /// <summary>The node after symbol w (≠ end) in the pair <paramref name="key"/> of <paramref name="level"/>: the longest node suffix of context·w.</summary>
    private static int NextNode(NGramCounts counts, int[] offset, int level, ulong key)
    {
        int n = counts.Order;
        int target = level < n - 1 ? level + 1 : n - 1;
        int node = counts.Levels[target].FindNode(key & NGramKey.Mask(target));
        return node >= 0 ? offset[target] + node : throw new InvalidOperationException("A context followed by a symbol is missing from the nodes.");
    }

    /// <summary>Walker/Vose alias table over <paramref name="count"/> weights, thresholds in units of 2^-32 of a column.</summary>
    private static void BuildAlias(double[] weights, int count, uint[] threshold, byte[] alias, int first, AliasScratch scratch)
    {
        double total = 0;
        for (int j = 0; j < count; j++)
        {
            total += weights[j];
        }

        int small = 0;
        int large = 0;
        for (int j = count - 1; j >= 0; j--)
        {
            double scaled = weights[j] / total * count;
            scratch.Scaled[j] = scaled;
            if (scaled < 1.0)
            {
                scratch.Small[small++] = j;
            }
            else
            {
                scratch.Large[large++] = j;
            }
        }

        while (small > 0 && large > 0)
        {
            int less = scratch.Small[--small];
            int more = scratch.Large[--large];
            double keep = Math.Round(scratch.Scaled[less] * ThresholdScale);
            threshold[first + less] = keep <= 0 ? 0u : keep >= ThresholdScale ? uint.MaxValue : (uint)keep;
            alias[first + less] = (byte)more;
            scratch.Scaled[more] = (scratch.Scaled[more] + scratch.Scaled[less]) - 1.0;
            if (scratch.Scaled[more] < 1.0)
            {
                scratch.Small[small++] = more;
            }
            else
            {
                scratch.Large[large++] = more;
            }
        }

        // What is left is full up to rounding error: always kept (alias = itself).
        while (large > 0)
        {
            int j = scratch.Large[--large];
            threshold[first + j] = uint.MaxValue;
            alias[first + j] = (byte)j;
        }

        while (small > 0)
        {
            int j = scratch.Small[--small];
            threshold[first + j] = uint.MaxValue;
            alias[first + j] = (byte)j;
        }
    }

    /// <summary>
    /// The fewest symbols of a name, checking on the way that every node reachable from the start can reach the
    /// end (so that sampling ends with probability 1). When every node gives the end token a positive probability,
    /// as any Kneser–Ney model and additive α &gt; 0 do, the answer is 0 without a search.
    /// </summary>
    private static int ShortestName(NGramModel model, int[] offset, int start, int[] nodeStart, byte[] symbol, int[] next)
    {
        int nodes = nodeStart.Length - 1;
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
                int to = Step(nodeStart, symbol, next, model, offset, node, w);
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

    /// <summary>The node after w from node c when P(w | c) &gt; 0, else −1.</summary>
    private static int Step(int[] nodeStart, byte[] symbol, int[] next, NGramModel model, int[] offset, int node, int w)
    {
        while (true)
        {
            int first = nodeStart[node];
            int last = nodeStart[node + 1] - 1;
            bool escape = next[last] < 0;
            int pairsEnd = escape ? last : last + 1;
            for (int s = first; s < pairsEnd; s++)
            {
                if (symbol[s] == w)
                {
                    (int level, int local) = Locate(offset, node);
                    int pair = model.Counts.Levels[level].NodeFirstPair[local] + (s - first);
                    return model.Probability[level][pair] > 0 ? next[s] : -1;
                }
            }

            (int lv, int lc) = Locate(offset, node);
            if (!escape || !(model.Gamma[lv][lc] > 0))
            {
                return -1;
            }

            node = ~next[last];
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

    private sealed class AliasScratch
    {
        public AliasScratch(int size)
        {
            Scaled = new double[size];
            Small = new int[size];
            Large = new int[size];
        }

        public double[] Scaled { get; }

        public int[] Small { get; }

        public int[] Large { get; }
    }
}
