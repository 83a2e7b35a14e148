using System;
using System.Linq;
using Makemore.Modeling.Neural;
using Makemore.Tests.Statistics;
using Makemore.Tests.Training.Transformer;
using Xunit;

namespace Makemore.Tests.Transformers;

/// <summary><see cref="LanguageModel.FromWeights"/>: a transformer answering the calls of every model, through <see cref="ModelTables"/>.</summary>
public sealed class TransformerLanguageModelTests
{
    private const string Symbols = ".abcde";

    private static readonly string TrainText = string.Join('\n', TinyTransformer.Train);

    private static LanguageModel Model => LanguageModel.FromWeights(TrainedModels.TinyFile);

    [Fact]
    public void The_models_negative_log_likelihood_is_the_trainers_own_evaluation()
    {
        LanguageModel model = Model;
        string[] names = [.. TinyTransformer.Train, .. TinyTransformer.HeldOut, .. TinyTransformer.Test, string.Empty, "eeeee"];
        double[] trainer = TrainedModels.TinyTrainer.NameLosses(names);
        for (int i = 0; i < names.Length; i++)
        {
            double scored = model.NegativeLogLikelihood(names[i]);
            Assert.True(Math.Abs(scored - trainer[i]) <= 1e-5, $"'{names[i]}': model {scored:G17}, trainer {trainer[i]:G17}");
            Assert.Equal(scored, model.Tables.NegativeLogLikelihood(names[i]));
        }

        string text = string.Join("\r\n", TinyTransformer.Test);
        double average = trainer[^(2 + TinyTransformer.Test.Length)..^2].Sum() / TinyTransformer.Test.Sum(n => n.Length + 1);
        Assert.Equal(average, model.AverageNegativeLogLikelihood(text), 1e-5);
    }

    [Fact]
    public void The_model_has_the_files_shape_and_alphabet()
    {
        LanguageModel model = Model;

        Assert.Equal(Symbols, model.Alphabet.ToString());
        Assert.Equal('.', model.End);
        Assert.Equal(6, model.VocabularySize);
        Assert.Equal(6, model.Order);
        Assert.Equal(0, model.ShortestSampleLength);
        Assert.Equal(Smoothing.Additive(0), model.Smoothing);
        Assert.Equal(Symbols, model.Tables.Alphabet.ToString());
        Assert.Equal(6, model.Tables.Order);
    }

    [Fact]
    public void Each_contexts_probabilities_sum_to_one_and_multiply_to_the_names_likelihood()
    {
        LanguageModel model = Model;
        foreach (string name in new[] { "ab", "cede", string.Empty })
        {
            double logP = 0;
            for (int i = 0; i <= name.Length; i++)
            {
                logP += Math.Log(model.Probability(name.AsSpan(0, i), i < name.Length ? name[i] : '.'));
                Assert.Equal(1, Symbols.Sum(c => model.Probability(name.AsSpan(0, i), c)), 12);
            }

            Assert.Equal(model.NegativeLogLikelihood(name), -logP, 9);
        }
    }

    [Theory]
    [InlineData("", 1.0)]
    [InlineData("a", 1.0)]
    [InlineData("ab", 1.0)]
    [InlineData("c", 1.0)]
    [InlineData("", 0.7)]
    [InlineData("d", 1.6)]
    public void Names_drawn_with_a_prefix_continue_as_the_models_softmax_after_it(string prefix, double temperature)
    {
        LanguageModel model = Model;
        var options = new SamplingOptions { Prefix = prefix, Temperature = temperature };
        var random = new Xoshiro256StarStar(21);
        Span<char> buffer = stackalloc char[8];
        var observed = new long[Symbols.Length];
        for (int i = 0; i < 20_000; i++)
        {
            int length = model.Sample(ref random, buffer, options);
            Assert.StartsWith(prefix, buffer[..length].ToString(), StringComparison.Ordinal);
            observed[length == prefix.Length ? 0 : Symbols.IndexOf(buffer[prefix.Length])]++;
        }

        // P_T(next | prefix) ∝ P(next | prefix)^(1/T), from the model's own Probability.
        double[] expected = Symbols.Select(c => Math.Pow(model.Probability(prefix, c), 1 / temperature)).ToArray();
        double total = expected.Sum();
        expected = expected.Select(p => p / total).ToArray();
        (double statistic, double pValue) = ChiSquare.Test(observed, expected);
        Assert.True(pValue >= ChiSquare.RejectBelow, $"after '{prefix}' at T = {temperature}: χ² = {statistic:F1}, p = {pValue:G3}");
    }

    [Fact]
    public void Plain_draws_strings_and_lines_follow_the_model_at_the_start()
    {
        LanguageModel model = Model;
        var random = new Xoshiro256StarStar(22);
        var observed = new long[Symbols.Length];
        for (int i = 0; i < 10_000; i++)
        {
            string name = model.Sample(ref random);
            observed[name.Length == 0 ? 0 : Symbols.IndexOf(name[0])]++;
        }

        var lines = new char[20_000 * 7];
        int count = model.SampleLines(ref random, lines, out int chars);
        string[] names = new string(lines, 0, chars).Split('\n')[..^1];
        Assert.Equal(count, names.Length);
        Assert.True(count > 15_000, $"{count}");
        foreach (string name in names)
        {
            observed[name.Length == 0 ? 0 : Symbols.IndexOf(name[0])]++;
        }

        double[] expected = Symbols.Select(c => model.Probability(string.Empty, c)).ToArray();
        (double statistic, double pValue) = ChiSquare.Test(observed, expected);
        Assert.True(pValue >= ChiSquare.RejectBelow, $"χ² = {statistic:F1}, p = {pValue:G3}");
    }

    [Fact]
    public void Lengths_by_rejection_give_the_model_conditioned_on_them()
    {
        // Names of at most one character: "" and the five letters, each with probability P(name) / P(length ≤ 1).
        LanguageModel model = Model;
        var options = new SamplingOptions { MaxLength = 1 };
        string[] support = ["", "a", "b", "c", "d", "e"];
        double[] expected = support.Select(n => Math.Exp(-model.NegativeLogLikelihood(n))).ToArray();
        double total = expected.Sum();
        expected = expected.Select(p => p / total).ToArray();
        var random = new Xoshiro256StarStar(23);
        var observed = new long[support.Length];
        for (int i = 0; i < 10_000; i++)
        {
            string name = model.Sample(ref random, options);
            observed[Array.IndexOf(support, name)]++;
        }

        (double statistic, double pValue) = ChiSquare.Test(observed, expected);
        Assert.True(pValue >= ChiSquare.RejectBelow, $"χ² = {statistic:F1}, p = {pValue:G3}");
        Assert.Equal(total, model.Probability(options), 1e-12);
    }

    [Fact]
    public void A_transformer_with_its_names_knows_them_and_novel_draws_skip_them()
    {
        LanguageModel model = LanguageModel.FromWeights(TrainedModels.TinyFile, TrainText);

        Assert.True(model.ContainsName("acbad"));
        Assert.False(model.ContainsName("abe"));
        Assert.Equal(TinyTransformer.Train.Length, model.NameCount);
        var options = new SamplingOptions { Novel = true };
        double copies = TinyTransformer.Train.Sum(n => Math.Exp(-model.NegativeLogLikelihood(n)));
        Assert.Equal(1 - copies, model.Probability(options), 9);
        var random = new Xoshiro256StarStar(24);
        for (int i = 0; i < 2_000; i++)
        {
            Assert.False(model.ContainsName(model.Sample(ref random, options)));
        }

        string[] unique = model.SampleUnique(ref random, 50, new SamplingOptions { Prefix = "a" });
        Assert.Equal(50, unique.Distinct().Count());
        Assert.All(unique, n => Assert.StartsWith("a", n, StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_lists_share_is_the_sum_of_its_names_probabilities_over_every_run_of_the_walk()
    {
        // data/names.txt's names that start with "a" are several runs of the parallel walk: their mass must be the
        // plain sum of their probabilities, each scored alone.
        string root = Docs.RepositoryFiles.Root();
        string names = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "data", "names.txt"));
        LanguageModel model = LanguageModel.FromWeights(System.IO.File.ReadAllBytes(System.IO.Path.Combine(root, "data", "names.weights")), names);
        string[] listed = names.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(n => n.StartsWith('a')).Distinct(StringComparer.Ordinal).ToArray();
        Assert.True(listed.Length > 2_000, $"{listed.Length} names start with 'a'");

        double copies = listed.Sum(n => Math.Exp(-model.NegativeLogLikelihood(n)));
        double expected = model.Probability(string.Empty, 'a') - copies;
        Assert.Equal(expected, model.Probability(new SamplingOptions { Prefix = "a", Novel = true }), 1e-9);
    }

    [Fact]
    public void Novel_with_lengths_that_only_listed_names_have_fails_at_once()
    {
        // "ab" is listed: with it as the prefix and exactly its length, the one allowed name is listed, though the list's
        // share of every length after the prefix ("ab" and "abc") leaves many draws new.
        LanguageModel model = LanguageModel.FromWeights(TrainedModels.TinyFile, TrainText);
        double share = Math.Exp(-model.NegativeLogLikelihood("ab")) + Math.Exp(-model.NegativeLogLikelihood("abc"));
        double prefix = model.Probability(string.Empty, 'a') * model.Probability("a", 'b');
        Assert.True(1 - (share / prefix) > 0.01, $"the list's share after the prefix: {share / prefix}");

        var options = new SamplingOptions { Prefix = "ab", MinLength = 2, MaxLength = 2, Novel = true };
        ArgumentException e = Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), options));
        Assert.Contains("with 2 to 2 characters is new", e.Message, StringComparison.Ordinal);

        // One length more is allowed, and new names have it: sampling goes on.
        var wider = new SamplingOptions { Prefix = "ab", MinLength = 2, MaxLength = 3, Novel = true };
        string name = model.Sample(new Random(1), wider);
        Assert.Equal(3, name.Length);
        Assert.StartsWith("ab", name, StringComparison.Ordinal);
        Assert.False(model.ContainsName(name));
    }

    [Fact]
    public void Without_its_names_a_transformer_contains_none_and_refuses_novel()
    {
        LanguageModel model = Model;

        Assert.False(model.ContainsName("acbad"));
        ArgumentException e = Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), new SamplingOptions { Novel = true }));
        Assert.Contains("cannot tell which names are new", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_no_name_meets_fail_at_once()
    {
        LanguageModel model = Model;

        Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), new SamplingOptions { MinLength = 6 }));
        Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), new SamplingOptions { Prefix = "abcdea" }));
        Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), new SamplingOptions { Prefix = "z" }));
        Assert.Throws<ArgumentException>(() => model.SampleUnique(new Random(1), 8, new SamplingOptions { Prefix = "abcd" }));
    }

    [Fact]
    public void Sampling_and_scoring_a_name_allocate_nothing_after_the_first()
    {
        LanguageModel model = Model;
        var options = new SamplingOptions { Prefix = "a", Temperature = 0.8, MaxLength = 4 };
        var random = new Xoshiro256StarStar(25);
        var buffer = new char[8];
        var lines = new char[400];
        long allocated = Allocations.Measure(
            () =>
            {
                ModelTables tables = model.Tables;
                int length = tables.Sample(ref random, buffer);
                tables.NegativeLogLikelihood(buffer.AsSpan(0, length));
                tables.Probability(buffer.AsSpan(0, length), '.');
                tables.Sample(ref random, buffer, options);
                tables.SampleLines(ref random, lines, out _);
            },
            warmUp: 50);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_damaged_or_foreign_file_is_an_argument_exception_with_the_readers_message()
    {
        byte[] file = TrainedModels.TinyFile.ToArray();
        file[^20] ^= 1;

        ArgumentException damaged = Assert.Throws<ArgumentException>(() => LanguageModel.FromWeights(file));
        Assert.StartsWith("The weights file is damaged: its checksum", damaged.Message, StringComparison.Ordinal);
        ArgumentException truncated = Assert.Throws<ArgumentException>(() => LanguageModel.FromWeights(TrainedModels.TinyFile.AsSpan(0, 100)));
        Assert.StartsWith("The weights file is truncated", truncated.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LanguageModel.FromWeights("emma\nava\n"u8));
    }

    [Fact]
    public void Names_with_a_character_the_model_lacks_are_refused()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => LanguageModel.FromWeights(TrainedModels.TinyFile, "abe\nzed"));

        Assert.Equal("names", e.ParamName);
        Assert.Contains("'z'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_shorter_than_the_longest_name_are_drawn_again_and_the_parallel_fill_does_not_depend_on_threads()
    {
        LanguageModel model = Model;
        var random = new Xoshiro256StarStar(26);
        var lines = new char[3_000];
        int count = model.SampleLines(ref random, lines, out int chars, maxNameLength: 2);
        string[] names = new string(lines, 0, chars).Split('\n')[..^1];
        Assert.Equal(count, names.Length);
        Assert.All(names, n => Assert.True(n.Length <= 2, n));
        Assert.True(3_000 - chars <= 2);

        string Fill(int threads)
        {
            var generator = new Xoshiro256StarStar(27);
            var buffer = new char[2_000];
            model.SampleLinesParallel(ref generator, buffer, out int written, maxDegreeOfParallelism: threads);
            return new string(buffer, 0, written);
        }

        Assert.Equal(Fill(1), Fill(2));
    }

    [Fact]
    public void A_float16_file_loads_and_scores_within_its_rounding()
    {
        LanguageModel full = Model;
        var w = TrainedModels.TinyWeights;
        byte[] half = NeuralWeightsWriter.Write(w.Layout, Symbols, w.Parameters, "half", NeuralElementType.Float16);
        LanguageModel model = LanguageModel.FromWeights(half);

        Assert.Equal(full.NegativeLogLikelihood("abc"), model.NegativeLogLikelihood("abc"), 2);
        // Both hold float32 parameters and the cached first positions; the float16 file's model also keeps a float16
        // copy of its matrices (in padded panels) for one-name passes, which a float32 file whose weights are not halves does not.
        Assert.True(model.TableBytes > full.TableBytes);
    }
}
