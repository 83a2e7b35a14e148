using System;

namespace Makemore.Constraints;

/// <summary>
/// A model at temperature T, in the graph's own shape: each context's distribution raised to β = 1/T and
/// renormalised, stored as each pair's probability r(w | c) and each context's escape factor g(c), so that
/// r(w | c) = g(c) · r(w | parent) for every symbol that is not a pair of c, exactly as in the model itself
/// (P(w | c)^β = γ^β P(w | parent)^β for those symbols). At T = 1 it is the model, renormalised in double.
/// </summary>
/// <remarks>
/// Computed parents first, in logarithms so that a low temperature (a large β) cannot underflow a context's
/// normaliser: ln Z(c) = ln(Σ_pairs P^β + γ^β Z(parent) · rest(c)), where rest(c), the parent's tempered mass on
/// the symbols c has no pair for, is a sum of positive terms (the parent's other pairs and its own escape mass),
/// never a difference.
/// </remarks>
internal sealed class TemperedGraph
{
    public TemperedGraph(ContextGraph graph, double temperature)
    {
        Graph = graph;
        Temperature = temperature;
        double beta = 1 / temperature;
        int nodes = graph.NodeCount;
        Pair = new double[graph.PairSymbol.Length];
        Escape = new double[nodes];
        EscapeMass = new double[nodes];
        var logZ = new double[nodes];
        foreach (int c in graph.ParentsFirst)
        {
            int start = graph.PairStart[c];
            int end = graph.PairStart[c + 1];
            int parent = graph.Parent[c];
            double max = double.NegativeInfinity;
            for (int i = start; i < end; i++)
            {
                max = Math.Max(max, beta * graph.PairLogProbability[i]);
            }

            double escapeLog = double.NegativeInfinity;
            if (parent >= 0)
            {
                double rest = EscapeMass[parent];
                ForEachOtherPair(graph, parent, c, i => rest += Pair[i]);
                escapeLog = (beta * graph.EscapeLog[c]) + logZ[parent] + Math.Log(rest);
                max = Math.Max(max, escapeLog);
            }

            double sum = double.IsNegativeInfinity(escapeLog) ? 0 : Math.Exp(escapeLog - max);
            for (int i = start; i < end; i++)
            {
                sum += Math.Exp((beta * graph.PairLogProbability[i]) - max);
            }

            logZ[c] = max + Math.Log(sum);
            for (int i = start; i < end; i++)
            {
                Pair[i] = Math.Exp((beta * graph.PairLogProbability[i]) - logZ[c]);
            }

            if (parent >= 0)
            {
                Escape[c] = Math.Exp((beta * graph.EscapeLog[c]) + logZ[parent] - logZ[c]);
                EscapeMass[c] = Math.Exp(escapeLog - logZ[c]);
            }
        }
    }

    public ContextGraph Graph { get; }

    public double Temperature { get; }

    /// <summary>r(w | c) of each pair.</summary>
    public double[] Pair { get; }

    /// <summary>g(c): r(w | c) = g(c) r(w | parent) for a symbol w that is not a pair of c.</summary>
    public double[] Escape { get; }

    /// <summary>The tempered probability of all the symbols that are not pairs of c.</summary>
    public double[] EscapeMass { get; }

    /// <summary>
    /// Calls <paramref name="action"/> with each pair of <paramref name="parent"/> whose symbol is not a pair of
    /// <paramref name="child"/>: the parent's candidates after an escape from the child (both lists ascend).
    /// </summary>
    public static void ForEachOtherPair(ContextGraph graph, int parent, int child, Action<int> action)
    {
        int j = graph.PairStart[child];
        int childEnd = graph.PairStart[child + 1];
        for (int i = graph.PairStart[parent]; i < graph.PairStart[parent + 1]; i++)
        {
            byte w = graph.PairSymbol[i];
            while (j < childEnd && graph.PairSymbol[j] < w)
            {
                j++;
            }

            if (j == childEnd || graph.PairSymbol[j] != w)
            {
                action(i);
            }
        }
    }

    /// <summary>
    /// The pair that gives symbol <paramref name="symbol"/> after context <paramref name="node"/> and its tempered
    /// probability: the pair of the nearest ancestor that has it, times the escape factors on the way.
    /// </summary>
    public int Step(int node, int symbol, out double probability)
    {
        double factor = 1;
        while (true)
        {
            int pair = Graph.FindPair(node, symbol);
            if (pair >= 0)
            {
                probability = factor * Pair[pair];
                return pair;
            }

            int parent = Graph.Parent[node];
            if (parent < 0)
            {
                probability = 0; // a symbol the model never draws here (additive α = 0)
                return -1;
            }

            factor *= Escape[node];
            node = parent;
        }
    }
}
