using System;

namespace Makemore.Constraints;

/// <summary>
/// A model at temperature T, in the graph's own shape: each context's distribution raised to β = 1/T and
/// renormalised, stored as each pair's probability r(w | c) and each context's escape factor g(c), so that
/// r(w | c) = g(c) · r(w | parent) for every symbol that is not a pair of c, exactly as in the model itself
/// (P(w | c)^β = γ^β P(w | parent)^β for those symbols). At T = 1 it is the model, renormalised in double.
/// </summary>
/// <remarks>
/// Computed parents first, each context's weights relative to its most likely symbol so that a low temperature (a
/// large β) can neither underflow a normaliser nor lose it to rounding: every weight is exp(β (ln P − top)) with
/// ln P − top ≤ 0 taken before it is scaled by β, and the normaliser is a plain sum from 1 to V. The symbols c
/// has no pair for weigh exp(β (ln γ_c + top(parent) − top(c))) · Z(parent) · rest(c), where Z(parent) is the
/// parent's own sum of weights and rest(c), the parent's tempered mass on those symbols, is a sum of positive
/// terms (the parent's other pairs and its own escape mass), never a difference.
/// </remarks>
internal sealed class TemperedGraph
{
    public TemperedGraph(ContextGraph graph, double temperature)
    {
        Graph = graph;
        Temperature = temperature;
        double beta = 1 / temperature; // +∞ for a subnormal temperature: the weights are then 0 or 1 exactly
        int nodes = graph.NodeCount;
        Pair = new double[graph.PairSymbol.Length];
        Escape = new double[nodes];
        EscapeMass = new double[nodes];

        // top[c] ≥ ln P(w | c) for every w (the largest, in a model whose pairs carry their escaped share), and
        // weights[c] = Σ_w exp(β (ln P(w | c) − top[c])).
        var top = new double[nodes];
        var weights = new double[nodes];
        foreach (int c in graph.ParentsFirst)
        {
            int start = graph.PairStart[c];
            int end = graph.PairStart[c + 1];
            int parent = graph.Parent[c];
            double max = double.NegativeInfinity;
            for (int i = start; i < end; i++)
            {
                max = Math.Max(max, graph.PairLogProbability[i]);
            }

            double escapeLog = double.NegativeInfinity;
            double rest = 0;
            if (parent >= 0)
            {
                rest = EscapeMass[parent];
                foreach (int i in graph.PairsBesides(parent, c))
                {
                    rest += Pair[i];
                }

                escapeLog = graph.EscapeLog[c] + top[parent];
                max = Math.Max(max, escapeLog);
            }

            // The parent's weights seen from c, and the share of them c escapes to.
            double escapeWeight = parent >= 0 ? Weight(beta, escapeLog - max) * weights[parent] : 0;
            double escapeShare = escapeWeight * rest;
            double sum = escapeShare;
            for (int i = start; i < end; i++)
            {
                sum += Weight(beta, graph.PairLogProbability[i] - max);
            }

            top[c] = max;
            weights[c] = sum;
            for (int i = start; i < end; i++)
            {
                Pair[i] = Weight(beta, graph.PairLogProbability[i] - max) / sum;
            }

            if (parent >= 0)
            {
                Escape[c] = escapeWeight / sum;
                EscapeMass[c] = escapeShare / sum;
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

    /// <summary>exp(β · <paramref name="logRatio"/>) for a log ratio ≤ 0, exactly 1 at 0 even when β is +∞.</summary>
    private static double Weight(double beta, double logRatio) => logRatio == 0 ? 1 : Math.Exp(beta * logRatio);
}
