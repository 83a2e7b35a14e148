using System;
using System.Linq;
using System.Threading;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// Options that no name (or almost none) meets are refused with an <see cref="ArgumentException"/> at the first
/// call instead of drawing forever; bad values are refused when the options are made.
/// </summary>
public class FailFastTests
{
    /// <summary>The example: every two-letter name over a small alphabet is in the list.</summary>
    public static TheoryData<string, int, string> EveryTwoLetterName()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string list in new[] { "aa\nab\nba\nbb", "aa\nab\nac\nba\nbb\nbc\nca\ncb\ncc" })
        {
            foreach (int order in new[] { 1, 2, 3, 4 })
            {
                data.Add(list, order, "KneserNey");
                data.Add(list, order, "1");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTwoLetterName))]
    public void New_names_of_a_length_the_list_fills_are_refused_at_once(string list, int order, string smoothing)
    {
        LanguageModel model = LanguageModel.FromText(list, order, Smoothing.Parse(smoothing));
        var options = new SamplingOptions { Novel = true, MinLength = 2, MaxLength = 2 };
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.Probability(options));
        Assert.Contains("that has exactly 2 characters is new", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
        Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), options));
        Assert.Throws<ArgumentException>(() => model.SampleUnique(new Random(1), 1, options));
        Assert.Throws<ArgumentException>(() =>
        {
            var random = new Xoshiro256StarStar(1);
            return model.Sample(ref random, new char[8], options);
        });

        // One length more and there are new names again.
        Assert.InRange(model.Probability(new SamplingOptions { Novel = true, MinLength = 2, MaxLength = 3 }), 1e-6, 1);
    }

    [Fact]
    public void A_prefix_character_outside_the_alphabet_is_named_with_its_index()
    {
        LanguageModel model = LanguageModel.FromText(ConstraintModels.TwoLetters);
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), new SamplingOptions { Prefix = "abz" }));
        Assert.Contains("'z' (U+007A) at index 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("(\"ab\")", error.Message, StringComparison.Ordinal); // the names' characters, without the end's stand-in
        Assert.Throws<ArgumentException>(() => DefaultNamesOrder3.Probability(new SamplingOptions { Prefix = "Emma" }));
        error = Assert.Throws<ArgumentException>(() => DefaultNames.Probability(new SamplingOptions { Prefix = "a.b" }));
        Assert.Contains("'.' (U+002E) at index 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_through_a_transition_of_probability_zero_is_refused()
    {
        // α = 0: b never follows a.
        float[] probabilities =
        [
            /* . */ 0f, 0.5f, 0.5f,
            /* a */ 0.5f, 0.5f, 0f,
            /* b */ 0.4f, 0.3f, 0.3f,
        ];
        LanguageModel model = LanguageModel.FromProbabilities(".ab", probabilities);
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.Probability(new SamplingOptions { Prefix = "bab" }));
        Assert.Contains("No name of this model starts with \"bab\": 'b' never follows \"ba\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(0.5 * 0.3, model.Probability(new SamplingOptions { Prefix = "ba" }), 1e-7);
    }

    [Fact]
    public void Lengths_that_no_name_has_are_refused()
    {
        // Every name is "a": the start always leads to a, and a always ends.
        LanguageModel model = LanguageModel.FromProbabilities(".ab", [0f, 1f, 0f, 1f, 0f, 0f, 1f, 0f, 0f]);
        Assert.Equal(1, model.Probability(new SamplingOptions { MinLength = 1, MaxLength = 1 }));
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), new SamplingOptions { MinLength = 2, Temperature = 3 }));
        Assert.Contains("No name of this model has at least 2 characters", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Probability(new SamplingOptions { MaxLength = 0 }));
        Assert.Throws<ArgumentException>(() => model.Probability(new SamplingOptions { Prefix = "a", MinLength = 2, MaxLength = 5 }));
    }

    [Fact]
    public void A_minimum_length_too_long_for_a_table_is_named_as_the_minimum_not_as_a_maximum_never_set()
    {
        // 27 contexts × a million lengths is more than the table allows; no maximum was asked for.
        ArgumentException error = Assert.Throws<ArgumentException>(() => DefaultNames.Probability(new SamplingOptions { MinLength = 1_000_000 }));
        Assert.Contains("A minimum length of 1000000 needs a table", error.Message, StringComparison.Ordinal);
        Assert.Contains("ask for a shorter minimum length", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("maximum", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => DefaultNames.Probability(new SamplingOptions { MinLength = 3, MaxLength = 1_000_000 }));
        Assert.Contains("Lengths up to 1000000 need a table", error.Message, StringComparison.Ordinal);
        Assert.Contains("ask for a shorter maximum length", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0, "Almost no name of this model is new:")]
    [InlineData("a", 0, "Almost no name of this model that starts with \"a\" is new:")]
    [InlineData("", 1, "Almost no name of this model that has at least 3 characters is new:")]
    public void Novel_names_of_a_model_whose_every_name_is_listed_are_refused_in_words_that_read_right(string prefix, int minimum, string expected)
    {
        // α = 0: the model's only name is "abc", which is the list's.
        LanguageModel model = LanguageModel.FromText("abc", 2, Smoothing.Additive(0));
        var options = new SamplingOptions { Novel = true, Prefix = prefix, MinLength = minimum == 0 ? 0 : 3 };
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.Probability(options));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sampler_has_one_fuse_the_documented_2_to_the_28_symbols()
    {
        // The options path once had its own fuse of 2^24 symbols while the docs said 2^28 for every draw. Running a
        // draw into the fuse costs tens of seconds on a loaded machine, so the test holds the code to one constant.
        var fuses = typeof(Makemore.Sampling.SpanSampling).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(long)).ToArray();
        Assert.Equal("MaxSymbols", Assert.Single(fuses).Name);
        Assert.Equal(1L << 28, (long)fuses[0].GetValue(null)!);
        Assert.Contains("after drawing 2^28 symbols", System.IO.File.ReadAllText(System.IO.Path.Combine(Makemore.Tests.Docs.RepositoryFiles.Root(), "docs", "sampling.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_temperature_so_low_that_every_allowed_name_underflows_says_so_rather_than_that_no_name_exists()
    {
        // At T = 1e-5 each step's probability is raised to the power 100,000: the names of exactly 12 characters
        // exist (at T = 1, and at T = 0.01), but every one's tempered weight underflows the double.
        Assert.True(DefaultNames.Probability(new SamplingOptions { MinLength = 12, MaxLength = 12, Temperature = 0.01 }) > 0);
        ArgumentException error = Assert.Throws<ArgumentException>(() => DefaultNames.Probability(new SamplingOptions { MinLength = 12, MaxLength = 12, Temperature = 1e-5 }));
        Assert.Contains("At temperature 1E-05", error.Message, StringComparison.Ordinal);
        Assert.Contains("underflows", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("No name of this model", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);

        // A model that truly has no such name still says so.
        LanguageModel model = LanguageModel.FromProbabilities(".ab", [0f, 1f, 0f, 1f, 0f, 0f, 1f, 0f, 0f]);
        error = Assert.Throws<ArgumentException>(() => model.Probability(new SamplingOptions { MinLength = 2, Temperature = 1e-5 }));
        Assert.Contains("No name of this model has at least 2 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lengths_that_contradict_each_other_or_the_prefix_are_refused()
    {
        LanguageModel model = LanguageModel.FromText(ConstraintModels.ThreeLetters, 3);
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.Probability(new SamplingOptions { MinLength = 5, MaxLength = 4 }));
        Assert.Contains("at least 5 and at most 4", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), new SamplingOptions { Prefix = "abca", MaxLength = 3 }));
        Assert.Contains("more than the 3", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DefaultNames.SampleUnique(new Random(1), 2, new SamplingOptions { Prefix = "emma", MaxLength = 2 }));

        // Lengths whose table would be too big.
        Assert.Throws<ArgumentException>(() => DefaultNamesOrder3.Probability(new SamplingOptions { MaxLength = int.MaxValue - 1 }));
    }

    [Fact]
    public void A_temperature_that_is_not_a_finite_number_above_zero_is_refused()
    {
        foreach (double temperature in new[] { 0.0, -0.0, -double.Epsilon, -1.0, double.MinValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { Temperature = temperature });
            Assert.Equal("value", error.ParamName);
            Assert.Equal(temperature, error.ActualValue);
        }
    }

    [Fact]
    public void Negative_lengths_and_a_null_prefix_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { MinLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { MaxLength = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { MaxLength = int.MinValue });
        Assert.Throws<ArgumentNullException>(() => new SamplingOptions { Prefix = null! });
        Assert.Throws<ArgumentNullException>(() => DefaultNames.Sample(new Random(1), null!));
        Assert.Throws<ArgumentNullException>(() => DefaultNames.Probability((SamplingOptions)null!));
        Assert.Throws<ArgumentNullException>(() => DefaultNames.Sample(null!, SamplingOptions.None));

        // The smallest values that are allowed.
        Assert.Equal(double.Epsilon, new SamplingOptions { Temperature = double.Epsilon }.Temperature);
        Assert.Equal(string.Empty, LanguageModel.FromText(ConstraintModels.TwoLetters, 1).Sample(new Random(1), new SamplingOptions { MinLength = 0, MaxLength = 0 }));
    }

    [Fact]
    public void New_names_from_a_model_without_a_list_are_refused()
    {
        LanguageModel model = LanguageModel.FromProbabilities(".ab", [0f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f]);
        ArgumentException error = Assert.Throws<ArgumentException>(() => model.Sample(new Random(1), new SamplingOptions { Novel = true }));
        Assert.Contains("not built from a names list", error.Message, StringComparison.Ordinal);
        Assert.False(model.ContainsName("ab"));
        Assert.InRange(model.Probability(new SamplingOptions { Prefix = "ab" }), 0.1, 0.2);
    }

    [Fact]
    public void A_destination_shorter_than_the_prefix_or_the_minimum_length_is_refused()
    {
        LanguageModel model = LanguageModel.FromText(ConstraintModels.ThreeLetters, 2);
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
        {
            var random = new Xoshiro256StarStar(1);
            return model.Sample(ref random, new char[2], new SamplingOptions { Prefix = "abc" });
        });
        Assert.Equal("destination", error.ParamName);
        Assert.Throws<ArgumentException>(() =>
        {
            var random = new Xoshiro256StarStar(1);
            return DefaultNamesOrder3.Sample(ref random, new char[3], new SamplingOptions { MinLength = 4 });
        });

        // Exactly long enough is enough.
        var random = new Xoshiro256StarStar(1);
        Span<char> buffer = stackalloc char[3];
        Assert.Equal(3, model.Sample(ref random, buffer, new SamplingOptions { Prefix = "abc", MaxLength = 3 }));
        Assert.Equal("abc", buffer.ToString());
    }

    [Fact]
    public void Rejection_near_the_minimum_acceptance_runs_in_constant_stack()
    {
        // Only "bb" is a new name of two letters, and it has a probability of about 3e-5 among them: each draw
        // rejects some 30,000 names, which once took 128 bytes of stack each (3.8 MB). On a thread with 256 KB.
        LanguageModel model = LanguageModel.FromText("aa\nab\nba", 2, Smoothing.Additive(1e-4));
        var options = new SamplingOptions { Novel = true, MinLength = 2, MaxLength = 2 };
        double acceptance = model.Probability(options) / model.Probability(new SamplingOptions { MinLength = 2, MaxLength = 2 });
        Assert.InRange(acceptance, 1e-5, 1e-4);
        string[] names = new string[3];
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    var random = new Xoshiro256StarStar(2);
                    for (int i = 0; i < names.Length; i++)
                    {
                        names[i] = model.Sample(ref random, options);
                    }
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    failure = e;
                }
            },
            maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Assert.All(names, name => Assert.Equal("bb", name));
        Assert.Equal(new[] { "bb" }, model.SampleUnique(new Random(3), 1, options));
        // Two different new names of two letters are more than there are ("bb" only): refused at once.
        Assert.Contains("only 1 name that", Assert.Throws<ArgumentException>(() => model.SampleUnique(new Random(3), 2, options)).Message, StringComparison.Ordinal);
    }
}
