using System;
using System.Linq;
using Xunit;

namespace Makemore.Tests.Modeling.Parsing;

public class NameListParsingTests
{
    [Fact]
    public void Line_endings_bom_whitespace_blanks_and_duplicates_are_handled_as_documented()
    {
        var model = Bigram.FromText("\uFEFFemma\r\n  ava \r\rbob\n\t\nemma", smoothing: 0);
        Assert.Equal(4, model.NameCount); // emma, ava, bob, emma (duplicates kept)
        Assert.Equal(5 + 4 + 4 + 5, model.TokenCount);
        Assert.Equal(".abemov", model.Alphabet.ToString());
        Assert.Equal(2, model.Count('.', 'e'));
        Assert.Equal(3, model.ShortestName);
        Assert.Equal(4, model.LongestName);
    }

    [Fact]
    public void Symbols_are_sorted_ordinally_after_the_boundary_token()
    {
        var model = Bigram.FromText("Zoë\nzoe\nÅsa\n-a");
        Assert.Equal(".-Zaeosz\u00C5\u00EB", model.Alphabet.ToString());
    }

    [Theory]
    [InlineData("emma\r\nmary\tann", "U+0009", "line 2, column 5 (index 10)")]
    [InlineData("a\u0007b", "U+0007", "line 1, column 2 (index 1)")]
    [InlineData("zo\uD83D\uDE00", "U+1F600", "line 1, column 3 (index 2)")]
    [InlineData("emma\nle\u2028a", "U+2028", "line 2, column 3 (index 7)")]
    [InlineData("emma\nle\u2029a", "U+2029", "line 2, column 3 (index 7)")]
    [InlineData("em\0ma", "U+0000", "line 1, column 3 (index 2)")]
    [InlineData("ok\r\nZo\uFFFD", "U+FFFD", "line 2, column 3 (index 6)")]
    public void An_invalid_list_throws_naming_the_character_and_its_position(string text, string character, string position)
    {
        var exception = Assert.Throws<ArgumentException>(() => Bigram.FromText(text));
        Assert.Contains(character, exception.Message, StringComparison.Ordinal);
        Assert.Contains(position, exception.Message, StringComparison.Ordinal);
        Assert.Equal("text", exception.ParamName);
    }

    [Theory]
    [InlineData("mary ann\nemma", " ")]
    [InlineData("j.r\nemma", ".")]
    [InlineData("zo\u200Be", "\u200B")] // zero width space: invisible, but a character of the name
    [InlineData("\u0645\u06CC\u200C\u0634\u0648\u062F", "\u200C")] // Persian: the zero width non-joiner is part of the spelling
    [InlineData("le\u200Fa", "\u200F")]
    [InlineData("\uFEFFemma\nav\uFEFFa", "\uFEFF")] // a byte order mark starts the text; inside a name it is a character like the others
    [InlineData("Nidoran\u2640\nType: Null\nFarfetch'd\nHo-Oh\nPorygon2", "\u2640")]
    [InlineData("mary\u00A0ann\n\u7530\u3000\u4E2D", "\u3000")]
    public void Every_other_character_of_a_trimmed_line_is_a_symbol(string text, string symbol)
    {
        var model = LanguageModel.FromText(text);
        Assert.Contains(symbol[0], model.Alphabet.ToString());
    }

    [Fact]
    public void The_start_end_token_is_shown_as_a_period_unless_the_names_use_one()
    {
        Assert.Equal(".abemr", LanguageModel.FromText("emma\nbarb").Alphabet.ToString());
        Assert.Equal("\0.JRaem", LanguageModel.FromText("J.R.\nemma").Alphabet.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\r\n ")]
    public void An_empty_list_throws(string text)
    {
        var exception = Assert.Throws<ArgumentException>(() => Bigram.FromText(text));
        Assert.Contains("no names", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_an_error_naming_it()
    {
        // Built here: xunit cannot pass a lone surrogate through InlineData intact.
        var exception = Assert.Throws<ArgumentException>(() => Bigram.FromText("zo" + '\uDE00' + "e"));
        Assert.Contains("U+DE00 at line 1, column 3 (index 2)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_emoji_is_one_error_naming_its_code_point()
    {
        var exception = Assert.Throws<ArgumentException>(() => Bigram.FromText("zo\U0001F600e"));
        Assert.Contains("'\U0001F600' (U+1F600)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("more problem", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_is_counted_though_only_the_first_100_are_kept()
    {
        string text = string.Concat(Enumerable.Repeat("a\tb\n", 1000));
        var exception = Assert.Throws<ArgumentException>(() => Bigram.FromText(text));
        Assert.Contains("line 1, column 2", exception.Message, StringComparison.Ordinal);
        Assert.Contains("(999 more problem(s) follow)", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e301)] // the row sums would overflow to ∞, every probability to 0
    [InlineData(double.MaxValue)]
    public void Bad_smoothing_throws(double smoothing) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Bigram.FromText("emma", smoothing));

    [Theory]
    [InlineData(1e300)]
    [InlineData(1e-300)]
    [InlineData(double.Epsilon)] // the smallest subnormal: α / row sum underflows to 0
    public void Extreme_but_valid_smoothing_gives_finite_probabilities_that_sum_to_one(double smoothing)
    {
        var model = Bigram.FromText("emma\nava\nbob", smoothing);
        for (int row = 0; row < model.VocabularySize; row++)
        {
            double sum = 0;
            for (int column = 0; column < model.VocabularySize; column++)
            {
                int cell = (row * model.VocabularySize) + column;
                Assert.False(float.IsNaN(model.Probabilities[cell]) || double.IsNaN(model.LogProbabilities[cell]), $"NaN at {row}, {column}");
                Assert.True(model.Probabilities[cell] is >= 0 and <= 1);
                sum += Math.Exp(model.LogProbabilities[cell]);
            }

            Assert.Equal(1.0, sum, 12);
        }

        Assert.True(double.IsFinite(model.AverageNegativeLogLikelihood("emma\nava")));
    }

    [Fact]
    public void Scoring_ignores_a_leading_byte_order_mark_as_parsing_does()
    {
        var model = Bigram.FromText("\uFEFFemma\nava");
        Assert.Equal(model.AverageNegativeLogLikelihood("emma\nava"), model.AverageNegativeLogLikelihood("\uFEFFemma\nava"));
        Assert.Equal(model.AverageNegativeLogLikelihood("emma \nava"), model.AverageNegativeLogLikelihood("\uFEFFemma \nava")); // the general path
        var exception = Assert.Throws<ArgumentException>(() => model.AverageNegativeLogLikelihood("\uFEFFemma\nbob"));
        Assert.Contains("index 6", exception.Message, StringComparison.Ordinal); // indices still count the mark
    }

    [Fact]
    public void Probabilities_are_smoothed_counts_normalised_per_row()
    {
        var model = Bigram.FromText("ab\nab\nb", smoothing: 0.5);
        // Row '.': a×2, b×1 over V = 3 → (2.5, 1.5) / (3 + 1.5); '.'→'.' gets 0.5 / 4.5.
        Assert.Equal((float)(2.5 / 4.5), model.Probability('.', 'a'));
        Assert.Equal((float)(0.5 / 4.5), model.Probability('.', '.'));
        Assert.Equal(Math.Log(1.5 / 4.5), model.LogProbabilities[2]);
        for (int row = 0; row < model.VocabularySize; row++)
        {
            double sum = 0;
            foreach (float p in model.Probabilities.Slice(row * model.VocabularySize, model.VocabularySize))
            {
                sum += p;
            }

            Assert.Equal(1.0, sum, 6);
        }
    }

    [Fact]
    public void Table_accessors_reject_characters_outside_the_alphabet()
    {
        var model = Bigram.FromText("emma");
        var exception = Assert.Throws<ArgumentException>(() => model.Count('e', 'x'));
        Assert.Contains("'x' (U+0078)", exception.Message, StringComparison.Ordinal);
        Assert.Equal("next", exception.ParamName);
    }
}
