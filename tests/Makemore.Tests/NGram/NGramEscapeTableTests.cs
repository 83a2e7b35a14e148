using System;
using System.Collections.Generic;
using Makemore.Modeling;
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

    /// <summary>The probability each slot of a block receives: keep shares and alias shares of the k columns.</summary>
    internal static double[] Realise(NGramTable table, uint handle)
    {
        int first = NGramTable.First(handle);
        int k = (int)NGramTable.Count(handle);
        var realised = new double[k];
        for (int column = 0; column < k; column++)
        {
            NGramSlot slot = table.Slots[first + column];
            double keep = (((uint)slot.Threshold << 16) | table.ThresholdLows[first + column]) / 4294967296.0;
            realised[column] += keep / k;
            realised[slot.Alias] += (1 - keep) / k;
        }

        return realised;
    }

    private static bool HasEscape(uint handle) => ((handle >> 8) & 1) != 0;

    private static uint EscapeLink(NGramTable table, uint handle) => table.Slots[NGramTable.First(handle) + (int)NGramTable.Count(handle) - 1].Link;

    [Theory]
    [MemberData(nameof(Orders))]
    public void Each_escape_table_realises_the_parents_distribution_without_the_nodes_pairs(int order)
    {
        foreach ((string name, NGramModel model) in NGramTestModels.All(NGramTestModels.SmallList.Value, order))
        {
            NGramTables tables = NGramTableBuilder.Build(model);
            NGramTable table = NGramTestModels.Table(tables);
            int checkedTables = 0;
            for (int level = 1; level < order; level++)
            {
                NGramLevel l = model.Counts.Levels[level];
                for (int node = 0; node < l.NodeCount; node++)
                {
                    uint handle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level, node)];
                    if (!HasEscape(handle))
                    {
                        continue;
                    }

                    int parent = l.NodeParent[node];
                    uint parentHandle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level - 1, parent)];
                    uint escapeTable = EscapeLink(table, handle);
                    string where = $"{name}, order {order}, level {level}, node {node}";

                    // Its pairs are the parent's without the node's, in the parent's order, with the parent's links.
                    var own = new HashSet<byte>(table.Symbols.Slice(NGramTable.First(handle), NGramTable.Pairs(handle)).ToArray());
                    var expected = new List<int>();
                    for (int j = 0; j < NGramTable.Pairs(parentHandle); j++)
                    {
                        if (!own.Contains(table.Symbols[NGramTable.First(parentHandle) + j]))
                        {
                            expected.Add(NGramTable.First(parentHandle) + j);
                        }
                    }

                    int first = NGramTable.First(escapeTable);
                    Assert.True(expected.Count == NGramTable.Pairs(escapeTable), $"{where}: {NGramTable.Pairs(escapeTable)} pairs, expected {expected.Count}");
                    Assert.Equal(HasEscape(parentHandle), HasEscape(escapeTable));
                    for (int j = 0; j < expected.Count; j++)
                    {
                        Assert.Equal(table.Slots[expected[j]].Symbol, table.Slots[first + j].Symbol);
                        Assert.Equal(table.Symbols[expected[j]], table.Symbols[first + j]);
                        Assert.Equal(table.Slots[expected[j]].Link, table.Slots[first + j].Link);
                    }

                    if (HasEscape(parentHandle))
                    {
                        Assert.Equal(EscapeLink(table, parentHandle), EscapeLink(table, escapeTable));
                    }

                    // Weights: P(w | parent) for each pair kept and M_parent for the escape, over their sum
                    // 1 − Σ_{w ∈ pairs(c)} P(w | parent), all from the model's doubles.
                    double ownMass = 0;
                    foreach (byte w in own)
                    {
                        ownMass += model.ProbabilityAt(level - 1, parent, w);
                    }

                    double parentPairs = 0;
                    for (int j = 0; j < NGramTable.Pairs(parentHandle); j++)
                    {
                        parentPairs += model.ProbabilityAt(level - 1, parent, table.Symbols[NGramTable.First(parentHandle) + j]);
                    }

                    double total = 1 - ownMass;
                    if (!(total > 1e-12))
                    {
                        continue; // nothing to realise (cannot happen with the models here, all of whose escapes have mass)
                    }

                    double[] realised = Realise(table, escapeTable);
                    for (int j = 0; j < expected.Count; j++)
                    {
                        double p = model.ProbabilityAt(level - 1, parent, table.Slots[first + j].Symbol) / total;
                        Assert.True(Math.Abs(realised[j] - p) <= Math.Pow(2, -31), $"{where}, slot {j}: {realised[j]:R} vs {p:R}");
                    }

                    if (HasEscape(escapeTable))
                    {
                        double p = (1 - parentPairs) / total;
                        Assert.True(Math.Abs(realised[^1] - p) <= Math.Pow(2, -31), $"{where}, escape: {realised[^1]:R} vs {p:R}");
                    }

                    checkedTables++;
                }
            }

            Assert.True(order == 1 || checkedTables > 0, $"{name}: no escape table checked");
        }
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
            var realisedBlocks = new Dictionary<uint, double[]>();
            for (int level = 0; level < order; level++)
            {
                for (int node = 0; node < model.Counts.Levels[level].NodeCount; node++)
                {
                    uint handle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level, node)];
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
    private static double[] Distribution(NGramTable table, uint handle, int v, Dictionary<uint, double[]> done)
    {
        if (done.TryGetValue(handle, out double[]? known))
        {
            return known;
        }

        double[] slots = Realise(table, handle);
        var distribution = new double[v];
        int first = NGramTable.First(handle);
        for (int j = 0; j < NGramTable.Pairs(handle); j++)
        {
            distribution[table.Slots[first + j].Symbol] += slots[j];
        }

        if (HasEscape(handle))
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
