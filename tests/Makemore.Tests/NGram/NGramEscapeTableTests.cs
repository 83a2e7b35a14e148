using System.Collections.Generic;
using System.Linq;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Makemore.NGram;
using Xunit;

namespace Makemore.Tests.NGram;

/// <summary>
/// The escape tables (see <see cref="NGramTables"/>): what each realises from its 32-bit thresholds and aliases,
/// against the model's double probabilities, and the whole distribution a node realises through them.
/// </summary>
public class NGramEscapeTableTests
{
    public static TheoryData<int> Orders => new() { 2, 3, 5, 8 };


    private static ulong EscapeLink(NGramTable table, ulong handle) => table.LinkAt(table.First(handle) + table.Count(handle) - 1);

    [Theory]
    [MemberData(nameof(Orders))]
    public void Each_escape_table_realises_the_parents_distribution_without_the_nodes_pairs(int order)
    {
        foreach ((string name, NGramModel model) in NGramTestModels.All(NGramTestModels.SmallList.Value, order))
        {
            NGramTables tables = NGramTableBuilder.Build(model);
            NGramTable table = NGramTestModels.Table(tables);
            var checkedTables = new HashSet<(ulong, int)>();
            int merged = 0;
            for (int level = 1; level < order; level++)
            {
                for (int node = 0; node < model.Counts.Levels[level].NodeCount; node++)
                {
                    ulong handle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level, node)];
                    if (!table.HasEscape(handle))
                    {
                        continue;
                    }

                    string where = $"{name}, order {order}, level {level}, node {node}";
                    int own = table.SymbolAt(table.First(handle) + table.Pairs(handle));
                    if (own == 0)
                    {
                        CheckTable(model, tables, table, EscapeLink(table, handle), level, node, checkedTables, where);
                        continue;
                    }

                    // Merged: the node's pairs, the table's pairs (the parent's without the node's), the holder,
                    // and the escape to the parent's escape table.
                    merged++;
                    int parent = model.Counts.Levels[level].NodeParent[node];
                    int[] ownSymbols = Symbols(model, level, node);
                    Assert.Equal(ownSymbols.Length, own);
                    var expected = new List<int>(ownSymbols.Select(w => (int)w));
                    expected.AddRange(Symbols(model, level - 1, parent).Where(w => Array.IndexOf(ownSymbols, w) < 0).Select(w => (int)w));
                    int first = table.First(handle);
                    Assert.True(table.Pairs(handle) == expected.Count + 1, $"{where}: {table.Pairs(handle)} pair slots for {expected.Count} pairs and a holder");
                    ulong parentHandle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level - 1, parent)];
                    double[] realised = NGramTestModels.Realise(table, handle);
                    double sum = 0;
                    for (int j = 0; j < expected.Count; j++)
                    {
                        Assert.Equal(expected[j], table.SymbolAt(first + j));
                        Assert.Equal(expected[j], table.Symbols[first + j]);
                        if (j >= own)
                        {
                            int inParent = Array.IndexOf(Symbols(model, level - 1, parent), expected[j]);
                            Assert.Equal(table.LinkAt(table.First(parentHandle) + inParent), table.LinkAt(first + j));
                        }

                        double p = model.ProbabilityAt(level, node, expected[j]);
                        sum += p;
                        Assert.True(Math.Abs(realised[j] - p) <= Math.Pow(2, -31), $"{where}, slot {j}: {realised[j]:R} vs {p:R}");
                    }

                    int holder = expected.Count;
                    Assert.Equal(table.Symbols[first + holder - 1], table.Symbols[first + holder]);
                    Assert.Equal(0, realised[holder]);
                    Assert.True(Math.Abs(realised[holder + 1] - (1 - sum)) <= Math.Pow(2, -31), $"{where}, escape: {realised[holder + 1]:R} vs {1 - sum:R}");
                    CheckTable(model, tables, table, EscapeLink(table, handle), level - 1, parent, checkedTables, where);
                }
            }

            Assert.True(checkedTables.Count > 0, $"{name}: no escape table checked");
            Assert.True(order < 3 || merged > 0, $"{name}: no merged node checked");
        }
    }

    /// <summary>
    /// Checks that block <paramref name="escapeTable"/> is the escape table of node (level, node): its parent's pairs
    /// that are not the node's, with the parent's links, weights P(w | parent) and M_parent over their sum; then the
    /// table its escape leads to, the parent's.
    /// </summary>
    private static void CheckTable(NGramModel model, NGramTables tables, NGramTable table, ulong escapeTable, int level, int node, HashSet<(ulong, int)> done, string where)
    {
        int global = NGramTestModels.GlobalNode(model, level, node);
        if (!done.Add((escapeTable, global)))
        {
            return;
        }

        where += $" (escape table of level {level}, node {node})";
        int parent = model.Counts.Levels[level].NodeParent[node];
        ulong parentHandle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level - 1, parent)];
        int[] own = Symbols(model, level, node);
        int[] parentSymbols = Symbols(model, level - 1, parent);
        var expected = new List<int>();
        for (int j = 0; j < parentSymbols.Length; j++)
        {
            if (Array.IndexOf(own, parentSymbols[j]) < 0)
            {
                expected.Add(j);
            }
        }

        int first = table.First(escapeTable);
        Assert.True(expected.Count == table.Pairs(escapeTable), $"{where}: {table.Pairs(escapeTable)} pairs, expected {expected.Count}");
        Assert.Equal(table.HasEscape(parentHandle), table.HasEscape(escapeTable));
        double total = 0;
        foreach (int j in expected)
        {
            total += model.ProbabilityAt(level - 1, parent, parentSymbols[j]);
        }

        double parentPairs = 0;
        foreach (int w in parentSymbols)
        {
            parentPairs += model.ProbabilityAt(level - 1, parent, w);
        }

        double escapeMass = table.HasEscape(parentHandle) ? 1 - parentPairs : 0;
        total += escapeMass;
        double[] realised = NGramTestModels.Realise(table, escapeTable);
        for (int k = 0; k < expected.Count; k++)
        {
            int from = table.First(parentHandle) + expected[k]; // a node's own pairs come first in its block
            Assert.Equal(table.SymbolAt(from), table.SymbolAt(first + k));
            Assert.Equal(table.Symbols[from], table.Symbols[first + k]);
            Assert.Equal(table.LinkAt(from), table.LinkAt(first + k));
            if (total > 1e-12)
            {
                double p = model.ProbabilityAt(level - 1, parent, parentSymbols[expected[k]]) / total;
                Assert.True(Math.Abs(realised[k] - p) <= Math.Pow(2, -31), $"{where}, slot {k}: {realised[k]:R} vs {p:R}");
            }
        }

        if (table.HasEscape(escapeTable))
        {
            Assert.Equal(0, table.SymbolAt(first + expected.Count)); // not a merged block
            if (total > 1e-12)
            {
                Assert.True(Math.Abs(realised[^1] - (escapeMass / total)) <= Math.Pow(2, -31), $"{where}, escape: {realised[^1]:R} vs {escapeMass / total:R}");
            }

            CheckTable(model, tables, table, EscapeLink(table, escapeTable), level - 1, parent, done, where);
        }
    }

    /// <summary>A node's pair symbols, ascending.</summary>
    private static int[] Symbols(NGramModel model, int level, int node)
    {
        NGramLevel l = model.Counts.Levels[level];
        var symbols = new int[l.NodeFirstPair[node + 1] - l.NodeFirstPair[node]];
        for (int i = 0; i < symbols.Length; i++)
        {
            symbols[i] = l.SymbolOf(l.NodeFirstPair[node] + i);
        }

        return symbols;
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Every_node_realises_the_models_distribution_through_its_escape_tables(int order)
    {
        // The whole chain a draw can take from each node: its own alias table, then escape table after escape
        // table, each from its thresholds and aliases; every symbol's realised probability against P(w | c).
        foreach ((string name, NGramModel model) in NGramTestModels.All(NGramTestModels.SmallList.Value, order))
        {
            NGramTables tables = NGramTableBuilder.Build(model);
            NGramTable table = NGramTestModels.Table(tables);
            int v = model.VocabularySize;
            var realisedBlocks = new Dictionary<ulong, double[]>();
            for (int level = 0; level < order; level++)
            {
                for (int node = 0; node < model.Counts.Levels[level].NodeCount; node++)
                {
                    ulong handle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level, node)];
                    double[] realised = Distribution(table, handle, v, realisedBlocks);
                    for (int w = 0; w < v; w++)
                    {
                        double p = model.ProbabilityAt(level, node, w);
                        Assert.True(Math.Abs(realised[w] - p) <= Math.Pow(2, -29), $"{name}, order {order}, level {level}, node {node}, symbol {w}: {realised[w]:R} vs {p:R}");
                    }
                }
            }
        }
    }

    /// <summary>The distribution of the symbol a draw from a block yields, following its escapes.</summary>
    private static double[] Distribution(NGramTable table, ulong handle, int v, Dictionary<ulong, double[]> done)
    {
        if (done.TryGetValue(handle, out double[]? known))
        {
            return known;
        }

        double[] slots = NGramTestModels.Realise(table, handle);
        var distribution = new double[v];
        int first = table.First(handle);
        for (int j = 0; j < table.Pairs(handle); j++)
        {
            distribution[table.SymbolAt(first + j)] += slots[j];
        }

        if (table.HasEscape(handle))
        {
            double[] after = Distribution(table, EscapeLink(table, handle), v, done);
            for (int w = 0; w < v; w++)
            {
                distribution[w] += slots[^1] * after[w];
            }
        }

        done[handle] = distribution;
        return distribution;
    }
}
