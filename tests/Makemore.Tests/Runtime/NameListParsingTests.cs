using System;
using Xunit;

namespace Makemore.Tests.Runtime;

public class NameListParsingTests
{
    [Fact]
    public void Line_endings_bom_whitespace_blanks_and_duplicates_are_handled_as_documented()
    {
        var model = BigramModel.FromText("\uFEFFemma\r\n  ava \r\rbob\n\t\nemma", smoothing: 0);
        Assert.Equal(4, model.NameCount); // emma, ava, bob, emma (duplicates kept)
        Assert.Equal(5 + 4 + 4 + 5, model.BigramCount);
        Assert.Equal(".abemov", model.Alphabet.ToString());
        Assert.Equal(2, model.Count('.', 'e'));
        Assert.Equal(3, model.ShortestName);
        Assert.Equal(4, model.LongestName);
    }

    [Fact]
    public void Symbols_are_sorted_ordinally_after_the_boundary_token()
    {
        var model = BigramModel.FromText("Zoë\nzoe\nÅsa\n-a");
        Assert.Equal(".-Zaeosz\u00C5\u00EB", model.Alphabet.ToString());
    }

    [Theory]
    [InlineData("emma\nj.r", "'.'", "line 2, column 2 (index 6)")]
    [InlineData("emma\r\nmary ann", "U+0020", "line 2, column 5 (index 10)")]
    [InlineData("a\u0007b", "U+0007", "line 1, column 2 (index 1)")]
    [InlineData("zo\uD83D\uDE00", "U+D83D", "line 1, column 3 (index 2)")]
    public void An_invalid_list_throws_naming_the_character_and_its_position(string text, string character, string position)
    {
        var exception = Assert.Throws<ArgumentException>(() => BigramModel.FromText(text));
        Assert.Contains(character, exception.Message, StringComparison.Ordinal);
        Assert.Contains(position, exception.Message, StringComparison.Ordinal);
        Assert.Equal("text", exception.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\r\n ")]
    public void An_empty_list_throws(string text)
    {
        var exception = Assert.Throws<ArgumentException>(() => BigramModel.FromText(text));
        Assert.Contains("no names", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_smoothing_throws(double smoothing) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BigramModel.FromText("emma", smoothing));

    [Fact]
    public void Probabilities_are_smoothed_counts_normalised_per_row()
    {
        var model = BigramModel.FromText("ab\nab\nb", smoothing: 0.5);
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
        var model = BigramModel.FromText("emma");
        var exception = Assert.Throws<ArgumentException>(() => model.Count('e', 'x'));
        Assert.Contains("'x' (U+0078)", exception.Message, StringComparison.Ordinal);
        Assert.Equal("next", exception.ParamName);
    }
}
