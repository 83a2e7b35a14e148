using System.Collections.Generic;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Makemore.NGram;
using Xunit;

namespace Makemore.Tests.NGram;

public class NGramDistributionTests
{
    public static TheoryData<int> Orders => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Every_seen_context_sums_to_one_in_the_model_and_in_the_tables(int order)
    {
        foreach ((string name, NGramModel model) in NGramTestModels.All(NGramTestModels.SmallList.Value, order))
        {
            int v = model.VocabularySize;
            NGramTables tables = NGramTableBuilder.Build(model);
            NGramTable table = NGramTestModels.Table(tables);
            for (int level = 0; level < order; level++)
            {
                for (int node = 0; node < model.Counts.Levels[level].NodeCount; node++)
                {
                    double sum = 0;
                    double tableSum = 0;
                    ulong handle = tables.NodeHandles[NGramTestModels.GlobalNode(model, level, node)];
                    for (int w = 0; w < v; w++)
                    {
                        double p = model.ProbabilityAt(level, node, w);
                        Assert.True(p >= 0, $"{name}: negative probability");
                        sum += p;
                        tableSum += Math.Exp(-NGramLikelihood.Score(table, handle, w, out _));
                    }

                    Assert.True(Math.Abs(sum - 1) < 1e-12, $"{name}, order {order}, level {level}, node {node}: Σ P = {sum:R}");
                    Assert.True(Math.Abs(tableSum - 1) < 1e-5, $"{name}, order {order}, level {level}, node {node}: table Σ P = {tableSum:R}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Unseen_contexts_sum_to_one(int order)
    {
        foreach ((string name, NGramModel model) in NGramTestModels.All(NGramTestModels.SmallList.Value, order))
        {
            int v = model.VocabularySize;
            var random = new Random(order);
            for (int trial = 0; trial < 200; trial++)
            {
                // Random letter strings: at high orders nearly all are unseen contexts.
                var history = new List<int>();
                int length = random.Next(0, 9);
                for (int i = 0; i < length; i++)
                {
                    history.Add(random.Next(1, v));
                }

                double sum = 0;
                for (int w = 0; w < v; w++)
                {
                    sum += model.ProbabilityOf(history, w);
                }

                Assert.True(Math.Abs(sum - 1) < 1e-12, $"{name}, order {order}: Σ P = {sum:R}");
            }
        }
    }

    [Fact]
    public void An_unseen_context_is_uniform_under_additive_smoothing_even_with_alpha_zero()
    {
        NameList names = NGramTestModels.Parse("abc\nabd\nbcd");
        var counts = NGramCounts.Count(names, 3);
        foreach (double alpha in new[] { 0.0, 1.0 })
        {
            NGramModel model = NGramModel.Additive(counts, alpha);
            int[] unseen = NGramTestModels.Encode(counts.Alphabet, "dd");
            for (int w = 0; w < model.VocabularySize; w++)
            {
                Assert.Equal(1.0 / model.VocabularySize, model.ProbabilityOf(unseen, w), 15);
            }
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(0.0)]
    public void Order_2_additive_equals_the_bigram_model(double alpha)
    {
        string text = DefaultData.Text;
        var bigram = Bigram.FromText(text, alpha);
        NGramModel model = NGramModel.Additive(NGramCounts.Count(NGramTestModels.Parse(text), 2), alpha);
        int v = bigram.VocabularySize;
        for (int previous = 0; previous < v; previous++)
        {
            int[] history = previous == 0 ? [] : [previous];
            for (int next = 0; next < v; next++)
            {
                double expected = Math.Exp(bigram.LogProbabilities[(previous * v) + next]);
                Assert.True(Math.Abs(expected - model.ProbabilityOf(history, next)) < 1e-12, $"P({bigram.Alphabet[next]} | {bigram.Alphabet[previous]})");
            }
        }
    }

    [Fact]
    public void Kneser_Ney_gives_every_symbol_a_positive_probability()
    {
        NameList names = NGramTestModels.Parse(NGramTestModels.SmallList.Value);
        NGramModel model = NGramModel.KneserNeyFromCountOfCounts(NGramCounts.Count(names, 5));
        int[] history = NGramTestModels.Encode(model.Counts.Alphabet, "qqq");
        for (int w = 0; w < model.VocabularySize; w++)
        {
            Assert.True(model.ProbabilityOf(history, w) > 0);
        }
    }

    [Fact]
    public void The_table_scores_names_as_the_double_model_does()
    {
        string text = NGramTestModels.SmallList.Value;
        NameList names = NGramTestModels.Parse(text);
        NGramModel model = NGramModel.KneserNey(NGramCounts.Count(names, 6, folds: 5), KneserNeyTuner.Tune(NGramCounts.Count(names, 6, folds: 5)));
        NGramTable table = NGramTestModels.Table(NGramTableBuilder.Build(model));
        foreach (string name in new[] { "emma", "zzyzx", "ab", "olivia" })
        {
            double expected = model.NegativeLogLikelihood(NGramTestModels.Encode(model.Counts.Alphabet, name));
            Assert.Equal(expected, NGramLikelihood.NegativeLogLikelihood(table, name), 1e-5); // float log-probabilities
        }
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void The_table_scores_with_the_models_float_logarithms_term_for_term(int order)
    {
        // Exactly, not to a tolerance: for each token, from 0, − ln γ (as a float) of each context escaped from, then
        // − ln P(w | c) (as a float) at the first context that has w, added to the name's sum in double. Escape
        // tables and merged blocks must give the same terms in the same order.
        foreach ((string name, NGramModel model) in NGramTestModels.All(NGramTestModels.SmallList.Value, order))
        {
            NGramTable table = NGramTestModels.Table(NGramTableBuilder.Build(model));
            foreach (string text in new[] { "emma", "zzyzx", "ab", "olivia", "xavier", "qqqq", "" })
            {
                int[] symbols = NGramTestModels.Encode(model.Counts.Alphabet, text);
                double expected = 0;
                for (int i = 0; i <= symbols.Length; i++)
                {
                    int w = i < symbols.Length ? symbols[i] : 0;
                    (int level, int node) = model.FindNode(symbols[..i]);
                    double term = 0;
                    while (true)
                    {
                        NGramLevel l = model.Counts.Levels[level];
                        int pair = l.FindPair(node, w);
                        if (pair >= 0)
                        {
                            term -= (float)Math.Log(model.Probability[level][pair]);
                            break;
                        }

                        term -= (float)Math.Log(model.Gamma[level][node]);
                        node = l.NodeParent[node];
                        level--;
                    }

                    expected += term;
                }

                Assert.True(expected == NGramLikelihood.NegativeLogLikelihood(table, text), $"{name}, order {order}, '{text}': {NGramLikelihood.NegativeLogLikelihood(table, text):R} vs {expected:R}");
            }
        }
    }

    [Fact]
    public void Average_NLL_over_text_counts_each_names_end()
    {
        NameList names = NGramTestModels.Parse(NGramTestModels.SmallList.Value);
        NGramModel model = NGramModel.KneserNeyFromCountOfCounts(NGramCounts.Count(names, 4));
        NGramTable table = NGramTestModels.Table(NGramTableBuilder.Build(model));
        double expected = (NGramLikelihood.NegativeLogLikelihood(table, "emma") + NGramLikelihood.NegativeLogLikelihood(table, "ava")) / 9;
        Assert.Equal(expected, NGramLikelihood.AverageNegativeLogLikelihood(table, " emma\r\n\r\nava\n"), 12);
        Assert.Throws<ArgumentException>(() => NGramLikelihood.AverageNegativeLogLikelihood(NGramTestModels.Table(NGramTableBuilder.Build(model)), "\n \n"));
    }

    [Fact]
    public void The_shortest_name_is_found_when_additive_alpha_is_zero()
    {
        NGramModel model = NGramModel.Additive(NGramCounts.Count(NGramTestModels.Parse("abcd\nabc\nxyzw"), 3), 0);
        Assert.Equal(3, NGramTableBuilder.Build(model).ShortestName);
        Assert.Equal(0, NGramTableBuilder.Build(NGramModel.Additive(model.Counts, 1)).ShortestName);
    }
}
