using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Makemore.Tests.Api;

/// <summary>
/// One face for every model: a generated class (any order), a run-time <see cref="LanguageModel"/> and the
/// <see cref="ModelTables"/> they share answer the same calls, and give the same answers.
/// </summary>
public class ModelFaceTests
{
    private static readonly Lazy<LanguageModel> RuntimeBigram = new(() => LanguageModel.FromText(DefaultData.Text));
    private static readonly Lazy<LanguageModel> RuntimeOrder3 = new(() => LanguageModel.FromText(DefaultData.Text, order: 3, Smoothing.KneserNey));

    /// <summary>A member's shape: its name, parameter types and return type, generic parameters by position.</summary>
    private static string Shape(MethodInfo method) =>
        method.Name + "(" + string.Join(", ", method.GetParameters().Select(p => TypeName(p.ParameterType))) + ") → " + TypeName(method.ReturnType);

    private static string TypeName(Type type) => type.IsGenericParameter ? "T" + type.GenericParameterPosition : type.ToString().Replace("TRandom", "T0", StringComparison.Ordinal);

    private static IEnumerable<string> Calls(Type type, BindingFlags flags) =>
        type.GetMethods(flags | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.DeclaringType == type && m.Name is not ("Equals" or "GetHashCode" or "ToString"))
            .Select(Shape)
            .Order(StringComparer.Ordinal);

    [Fact]
    public void The_generated_classes_and_the_run_time_model_have_every_call_of_ModelTables()
    {
        string[] face = Calls(typeof(ModelTables), BindingFlags.Instance).ToArray();
        Assert.NotEmpty(face);
        Assert.Equal(face, Calls(typeof(LanguageModel), BindingFlags.Instance).Where(face.Contains));
        Assert.All(face, call => Assert.Contains(call, Calls(typeof(DefaultNames), BindingFlags.Static)));
        Assert.All(face, call => Assert.Contains(call, Calls(typeof(DefaultNamesOrder3), BindingFlags.Static)));
        Assert.Equal(Calls(typeof(DefaultNames), BindingFlags.Static).Except(face), Array.Empty<string>());
    }

    [Fact]
    public void A_generated_context_tree_equals_the_one_built_at_run_time()
    {
        Assert.Equal(3, DefaultNamesOrder3.Order);
        Assert.Equal("KneserNey", DefaultNamesOrder3.Smoothing);
        LanguageModel runtime = RuntimeOrder3.Value;
        Assert.Equal(runtime.Alphabet.ToString(), DefaultNamesOrder3.Alphabet.ToString());
        Assert.Equal(DefaultNamesOrder3.ShortestSampleLength, runtime.ShortestSampleLength);
        Assert.Equal(DefaultNamesOrder3.NameCount, runtime.NameCount);
        Assert.Equal(DefaultNamesOrder3.TokenCount, runtime.TokenCount);
        foreach (string name in new[] { "emma", "zyx", "a", "olivia" })
        {
            Assert.Equal(runtime.NegativeLogLikelihood(name), DefaultNamesOrder3.NegativeLogLikelihood(name));
        }

        var a = new Xoshiro256StarStar(7);
        var b = new Xoshiro256StarStar(7);
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(runtime.Sample(ref a), DefaultNamesOrder3.Sample(ref b));
        }
    }

    [Fact]
    public void The_three_faces_of_one_model_give_the_same_answers()
    {
        LanguageModel runtime = RuntimeBigram.Value;
        ModelTables tables = DefaultNames.Tables;
        Assert.Equal(2, tables.Order);
        Assert.Equal(runtime.AverageNegativeLogLikelihood(DefaultData.Text), DefaultNames.AverageNegativeLogLikelihood(DefaultData.Text));
        Assert.Equal(tables.AverageNegativeLogLikelihood(DefaultData.Text), runtime.Tables.AverageNegativeLogLikelihood(DefaultData.Text));
        Assert.Equal(runtime.Probability("em", 'm'), DefaultNames.Probability("em", 'm'));
        Assert.Equal(DefaultNames.Probabilities[(DefaultNames.Alphabet.IndexOf('m') * DefaultNames.VocabularySize) + DefaultNames.Alphabet.IndexOf('a')], (float)DefaultNames.Probability("emm", 'a'));

        var a = new Xoshiro256StarStar(11);
        var b = new Xoshiro256StarStar(11);
        Span<char> first = stackalloc char[32];
        Span<char> second = stackalloc char[32];
        for (int i = 0; i < 100; i++)
        {
            int n = runtime.Sample(ref a, first);
            int m = DefaultNames.Sample(ref b, second);
            Assert.Equal(first[..n].ToString(), second[..m].ToString());
        }
    }

    public static TheoryData<string, int> Prefixes => new()
    {
        { "", 2 }, { "em", 2 }, { "zz", 2 }, { "", 1 }, { "", 3 }, { "ab", 3 }, { "xqz", 3 }, { "jon", 5 }, { "qqqqqq", 6 }, { "emma", 8 },
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Probabilities_after_any_prefix_sum_to_one(string prefix, int order)
    {
        LanguageModel model = order == 3 ? RuntimeOrder3.Value : order == 2 ? RuntimeBigram.Value : LanguageModel.FromText(NGram.NGramTestModels.SmallList.Value, order);
        double sum = 0;
        foreach (char next in model.Alphabet)
        {
            double p = model.Probability(prefix, next);
            Assert.InRange(p, 0, 1);
            sum += p;
        }

        Assert.Equal(1.0, sum, 1e-6);
    }

    [Fact]
    public void A_prefix_holding_the_boundary_or_an_unknown_character_is_named_in_the_error()
    {
        var dot = Assert.Throws<ArgumentException>(() => DefaultNames.Probability("a.b", 'c'));
        Assert.Contains("index 1", dot.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ArgumentException>(() => DefaultNamesOrder3.Probability("ab#", 'c'));
        Assert.Contains("'#' (U+0023) at index 2", unknown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void An_order_outside_1_to_8_is_rejected(int order) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModel.FromText("ann\nbob", order));

    [Fact]
    public void Defaults_are_the_lecture_bigram_and_Kneser_Ney_above_order_2()
    {
        Assert.Equal(Smoothing.Additive(1), LanguageModel.FromText("ann\nbob").Smoothing);
        Assert.Equal(Smoothing.KneserNey, LanguageModel.FromText("ann\nbob\ncara", order: 4).Smoothing);
        Assert.Equal("KneserNey", Smoothing.Parse("kneserney").ToString());
        Assert.Equal(Smoothing.Additive(0.5), Smoothing.Parse("0.5"));
        Assert.Throws<FormatException>(() => Smoothing.Parse("lots"));
    }

    [Fact]
    public void Every_model_scores_text_by_the_list_rules_a_leading_byte_order_mark_included()
    {
        foreach (LanguageModel model in new[] { RuntimeBigram.Value, RuntimeOrder3.Value })
        {
            double plain = model.AverageNegativeLogLikelihood("emma\r\n  ava \n\nbob");
            Assert.Equal(plain, model.AverageNegativeLogLikelihood("\uFEFFemma\nava\rbob\n"));
            var error = Assert.Throws<ArgumentException>(() => model.AverageNegativeLogLikelihood("emma\n  a#a"));
            Assert.Contains("index 8", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_context_tree_fills_buffers_with_whole_names_whatever_the_thread_count()
    {
        LanguageModel model = RuntimeOrder3.Value;
        var one = new char[200_000];
        var two = new char[200_000];
        var a = new Xoshiro256StarStar(5);
        var b = new Xoshiro256StarStar(5);
        int names = model.SampleLinesParallel(ref a, one, out int written, maxNameLength: 20, maxDegreeOfParallelism: 1);
        int again = model.SampleLinesParallel(ref b, two, out int writtenAgain, maxNameLength: 20, maxDegreeOfParallelism: 2);
        Assert.Equal((names, written), (again, writtenAgain));
        Assert.Equal(one.AsSpan(0, written).ToString(), two.AsSpan(0, written).ToString());
        Assert.True(200_000 - written <= 20, "filling stops only when a name might not fit");
        string[] lines = one.AsSpan(0, written).ToString().Split('\n')[..^1];
        Assert.Equal(names, lines.Length);
        Assert.All(lines, line => Assert.True(line.Length <= 20 && line.All(c => c != '.' && model.Alphabet.Contains(c)), line));

        var c = new Xoshiro256StarStar(5);
        Span<char> buffer = new char[1000];
        int single = model.SampleLines(ref c, buffer, out int singleWritten, maxNameLength: 20);
        Assert.Equal(buffer[..singleWritten].Count('\n'), single);
    }
}
