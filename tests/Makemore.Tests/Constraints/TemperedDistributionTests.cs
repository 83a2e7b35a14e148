using System;
using System.Linq;
using Makemore.Constraints;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// The tempered model the constrained sampler draws from: in every context of every model, at every temperature,
/// the next-symbol probabilities sum to 1; and after any prefix they are the model's own probabilities raised to
/// 1/T and renormalised.
/// </summary>
public class TemperedDistributionTests
{
    private static readonly double[] Temperatures = [double.Epsilon, 1e-300, 1e-20, 0.05, 0.5, 1, 2, 1e3, 1e300];

    public static TheoryData<string> AllModels()
    {
        var data = new TheoryData<string>();
        foreach (string model in ConstraintModels.Small.Concat(ConstraintModels.Generated))
        {
            data.Add(model);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void The_tempered_alias_tables_draw_each_contexts_tempered_distribution(string modelName)
    {
        // Worked out from the tables' entries, not sampled: each step's every symbol, against the tempered model.
        ModelTables tables = ConstraintModels.Get(modelName).Tables();
        ContextGraph graph = ContextGraph.Of(tables, tables.Owner);
        int v = tables.VocabularySize;
        int escapes = 0;
        foreach (double temperature in new[] { 0.05, 0.5, 0.8, 2, 1e3 })
        {
            TemperedGraph tempered = graph.AtTemperature(temperature);
            var aliases = new TemperedAliasTables(tempered);
            for (int c = 0; c < graph.NodeCount; c++)
            {
                escapes += graph.Parent[c] >= 0 && tempered.EscapeMass[c] > 1e-3 ? 1 : 0;
                for (int w = 0; w < v; w++)
                {
                    tempered.Step(c, w, out double expected);
                    double realized = aliases.RealizedProbability(c, w);
                    Assert.True(Math.Abs(realized - expected) <= 1e-12, $"{modelName}, T = {temperature}, context {c}, symbol {w}: {realized:R}, not {expected:R}");
                }
            }
        }

        Assert.True(graph.Parent.All(p => p < 0) || escapes > 0, "a model with escapes must take some of them with a real probability");
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void Every_contexts_tempered_distribution_sums_to_one(string modelName)
    {
        ModelTables tables = ConstraintModels.Get(modelName).Tables();
        ContextGraph graph = ContextGraph.Of(tables, tables.Owner);
        int v = tables.VocabularySize;
        foreach (double temperature in Temperatures)
        {
            TemperedGraph tempered = graph.AtTemperature(temperature);
            for (int c = 0; c < graph.NodeCount; c++)
            {
                double sum = 0;
                for (int w = 0; w < v; w++)
                {
                    tempered.Step(c, w, out double p);
                    Assert.True(p >= 0 && p <= 1, $"{modelName}, T = {temperature}, context {c}, symbol {w}: {p}");
                    sum += p;
                }

                Assert.True(Math.Abs(sum - 1) <= 1e-12, $"{modelName}, T = {temperature}, context {c}: the symbols sum to {sum:R}");

                // The same from the stored parts: the context's pairs and the mass it leaves to its parent.
                double parts = graph.Parent[c] >= 0 ? tempered.EscapeMass[c] : 0;
                for (int i = graph.PairStart[c]; i < graph.PairStart[c + 1]; i++)
                {
                    parts += tempered.Pair[i];
                }

                Assert.True(Math.Abs(parts - 1) <= 1e-12, $"{modelName}, T = {temperature}, context {c}: pairs and escape sum to {parts:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void After_any_prefix_the_tempered_distribution_is_the_models_own_raised_to_one_over_T(string modelName)
    {
        ConstraintModel model = ConstraintModels.Get(modelName);
        ModelTables tables = model.Tables();
        string[] prefixes = model.Root.Length > 0
            ? [string.Empty, model.Root, model.Root + "n", "zq", "emm"]
            : Enumerable.Range(0, 4).SelectMany(length => Words(model.Alphabet[1..], length)).ToArray();
        foreach (double temperature in new[] { 0.05, 0.5, 1, 2.5, 40 })
        {
            foreach (string prefix in prefixes)
            {
                ConstrainedSampler sampler = new SamplingOptions { Prefix = prefix, Temperature = temperature }.For(tables);
                double[] expected = ExactNames.Tempered(model.Probability, model.Alphabet, prefix, temperature);
                for (int w = 0; w < expected.Length; w++)
                {
                    sampler.Tempered.Step(sampler.StartNode, w, out double actual);
                    Assert.True(Math.Abs(actual - expected[w]) <= 1e-12, $"{modelName}, T = {temperature}, after \"{prefix}\", '{model.Alphabet[w]}': {actual:R}, expected {expected[w]:R}");
                }
            }
        }
    }

    private static string[] Words(string letters, int length) =>
        length == 0 ? [string.Empty] : Words(letters, length - 1).SelectMany(w => letters.Select(c => w + c)).ToArray();
}
