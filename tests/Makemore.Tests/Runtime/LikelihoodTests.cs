using System;
using Xunit;

namespace Makemore.Tests.Runtime;

public class LikelihoodTests
{
    private static readonly LanguageModel Model = Bigram.FromText("emma\nava\nbob\nanna");

    [Fact]
    public void A_names_NLL_sums_its_bigrams_start_and_end_included()
    {
        double expected = 0;
        int previous = 0;
        foreach (char c in ".emma.".AsSpan(1))
        {
            int next = c == '.' ? 0 : Model.Alphabet.IndexOf(c);
            expected -= Math.Log(Model.Probabilities[(previous * Model.VocabularySize) + next]);
            previous = next;
        }

        Assert.Equal(expected, Model.NegativeLogLikelihood("emma"), 5);
        Assert.Equal(-Model.LogProbabilities[0], Model.NegativeLogLikelihood(""));
    }

    [Fact]
    public void Average_NLL_is_total_over_bigrams_with_lines_handled_like_the_parser()
    {
        double total = Model.NegativeLogLikelihood("emma") + Model.NegativeLogLikelihood("bob");
        Assert.Equal(total / 9, Model.AverageNegativeLogLikelihood("emma\r\n\r\n  bob \r"), 12);
    }

    [Fact]
    public void Lines_are_trimmed_when_a_space_is_a_symbol_of_the_names()
    {
        // Found by AnyListPropertyTests (CsCheck seed fe48Mxrm0S11): a space that is a symbol of the model went
        // through the ASCII fast path untrimmed, scoring " .bce e" from the start token to ' ', which is +∞.
        LanguageModel model = Bigram.FromText("bc\neecb .-\n.bce e", 1);
        double total = model.NegativeLogLikelihood("bc") + model.NegativeLogLikelihood(".bce e");
        Assert.Equal(total / 10, model.AverageNegativeLogLikelihood(" bc \n \n\n .bce e\r"), 12);
        Assert.Equal(model.NegativeLogLikelihood("eecb .-") / 8, model.AverageNegativeLogLikelihood("eecb .-"), 12);
    }

    [Fact]
    public void An_unknown_character_throws_naming_it_and_its_index()
    {
        var exception = Assert.Throws<ArgumentException>(() => Model.NegativeLogLikelihood("emmy"));
        Assert.Contains("'y' (U+0079) at index 3", exception.Message, StringComparison.Ordinal);
        Assert.Equal("name", exception.ParamName);

        exception = Assert.Throws<ArgumentException>(() => Model.AverageNegativeLogLikelihood("emma\n ava\n bé"));
        Assert.Contains("'é' (U+00E9) at index 12", exception.Message, StringComparison.Ordinal);
        Assert.Equal("text", exception.ParamName);
    }

    [Fact]
    public void The_boundary_token_inside_a_name_throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => Model.NegativeLogLikelihood("em.ma"));
        Assert.Contains("'.' (U+002E) at index 2 stands for the start/end token", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_model_whose_names_use_a_period_it_is_a_symbol_and_the_end_is_U0000()
    {
        LanguageModel model = LanguageModel.FromText("j.r.\nmr. mime\nann");
        Assert.Equal('\0', model.End);
        Assert.True(double.IsFinite(model.NegativeLogLikelihood("j.r.")));
        double end = model.Probability("ann", '\0');
        double period = model.Probability("ann", '.');
        Assert.True(end > 0 && period > 0 && end != period);
        double total = 0;
        foreach (char c in model.Alphabet)
        {
            total += model.Probability("mr", c);
        }

        Assert.Equal(1.0, total, 12);
        var exception = Assert.Throws<ArgumentException>(() => model.NegativeLogLikelihood("an\0n"));
        Assert.Contains("U+0000 at index 2 stands for the start/end token", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n \r\n")]
    public void Empty_text_throws(string text)
    {
        var exception = Assert.Throws<ArgumentException>(() => Model.AverageNegativeLogLikelihood(text));
        Assert.Contains("no names", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unseen_bigram_without_smoothing_is_infinitely_unlikely()
    {
        var model = Bigram.FromText("ab\nba", smoothing: 0);
        Assert.Equal(double.PositiveInfinity, model.NegativeLogLikelihood("aa"));
    }

    [Fact]
    public void Scoring_allocates_nothing()
    {
        string text = DefaultData.Text;
        double sum = 0;
        long allocated = Allocations.Measure(
            () =>
            {
                for (int i = 0; i < 10; i++)
                {
                    sum += DefaultNames.AverageNegativeLogLikelihood(text) + DefaultNames.NegativeLogLikelihood("emma");
                }
            },
            warmUp: 20);
        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }
}
