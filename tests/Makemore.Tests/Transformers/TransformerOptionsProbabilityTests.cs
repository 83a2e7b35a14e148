using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Makemore.Tests.Transformers;

/// <summary>
/// <c>Probability(options)</c> with lengths on a transformer: the mass of the names that meet the options, checked
/// against an enumeration of every name the tiny model can draw (alphabet "abcde", at most 5 characters: 3,906 names).
/// </summary>
public sealed class TransformerOptionsProbabilityTests
{
    private static readonly string TrainText = string.Join('\n', Training.Transformer.TinyTransformer.Train);

    /// <summary>Every string of the model's characters of at most its longest length.</summary>
    private static IEnumerable<string> AllNames(int longest)
    {
        var level = new List<string> { string.Empty };
        for (int length = 0; length <= longest; length++)
        {
            foreach (string name in level)
            {
                yield return name;
            }

            level = [.. level.SelectMany(n => "abcde".Select(c => n + c))];
        }
    }

    /// <summary>P_T(name): the product of each step's tempered softmax, from the model's own Probability.</summary>
    private static double TemperedProbability(LanguageModel model, string name, double temperature)
    {
        double p = 1;
        for (int i = 0; i <= name.Length && i < 5; i++)
        {
            double total = ".abcde".Sum(c => Math.Pow(model.Probability(name.AsSpan(0, i), c), 1 / temperature));
            p *= Math.Pow(model.Probability(name.AsSpan(0, i), i < name.Length ? name[i] : '.'), 1 / temperature) / total;
        }

        return p;
    }

    [Theory]
    [InlineData("", 2, 4, 1.0, false)]
    [InlineData("", 0, 1, 1.0, false)]
    [InlineData("", 3, 99, 1.0, false)]
    [InlineData("", 5, 5, 0.7, false)]
    [InlineData("a", 2, 3, 1.3, false)]
    [InlineData("cb", 3, 99, 1.0, false)]
    [InlineData("", 2, 4, 1.0, true)]
    [InlineData("b", 0, 3, 0.8, true)]
    [InlineData("a", 0, 99, 1.2, true)]
    public void The_probability_of_options_with_lengths_is_the_mass_of_the_names_that_meet_them(string prefix, int min, int max, double temperature, bool novel)
    {
        LanguageModel model = LanguageModel.FromWeights(TrainedModels.TinyFile, TrainText);
        var options = new SamplingOptions { Prefix = prefix, MinLength = min, MaxLength = max, Temperature = temperature, Novel = novel };
        double expected = AllNames(5)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.Length >= min && n.Length <= max && !(novel && model.ContainsName(n)))
            .Sum(n => TemperedProbability(model, n, temperature));

        double probability = model.Probability(options);

        Assert.Equal(expected, probability, 1e-9);
        Assert.Equal(probability, model.Tables.Probability(options));
    }

    [Fact]
    public void The_whole_length_distribution_sums_to_one()
    {
        LanguageModel model = LanguageModel.FromWeights(TrainedModels.TinyFile);
        double total = Enumerable.Range(0, 6).Sum(l => model.Probability(new SamplingOptions { MinLength = l, MaxLength = l }));

        Assert.Equal(1, total, 1e-12);
    }

    [Fact]
    public void Lengths_whose_sum_runs_over_too_many_names_throw_naming_the_bound()
    {
        // 26 letters and a context of 16: every name of up to 4 letters is 475,255 passes, beyond the 2^16 allowed.
        byte[] file = WideTinyFile();
        LanguageModel model = LanguageModel.FromWeights(file);

        NotSupportedException max = Assert.Throws<NotSupportedException>(() => model.Probability(new SamplingOptions { MaxLength = 4 }));
        Assert.Contains("MaxLength = 4", max.Message, StringComparison.Ordinal);
        Assert.Contains("475,255 passes", max.Message, StringComparison.Ordinal);
        NotSupportedException min = Assert.Throws<NotSupportedException>(() => model.Probability(new SamplingOptions { MinLength = 6 }));
        Assert.Contains("MinLength = 6", min.Message, StringComparison.Ordinal);

        // Close to the prefix the same bounds are exact and quick, and sampling works whatever they are.
        double p = model.Probability(new SamplingOptions { Prefix = "ab", MaxLength = 4 });
        Assert.InRange(p, 0, 1);
        Assert.Equal(4, model.Sample(new Random(1), new SamplingOptions { MinLength = 4, MaxLength = 4 }).Length);
    }

    /// <summary>An untrained model of 26 letters, context 16 (weights small and random: every name is possible).</summary>
    private static byte[] WideTinyFile()
    {
        var layout = new Makemore.Modeling.Neural.NeuralLayout(layers: 1, heads: 1, embedding: 8, context: 16, vocabulary: 27);
        var random = new Random(5);
        var parameters = new float[layout.ParameterCount];
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        }

        return Makemore.Modeling.Neural.NeuralWeightsWriter.Write(layout, ".abcdefghijklmnopqrstuvwxyz", parameters, "wide", Makemore.Modeling.Neural.NeuralElementType.Float32);
    }
}
