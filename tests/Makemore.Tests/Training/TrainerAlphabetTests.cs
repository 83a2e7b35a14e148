using Makemore.Training;
using System;
using Xunit;

namespace Makemore.Tests.Training;

public sealed class TrainerAlphabetTests
{
    private const string Lecture = ".abcdefghijklmnopqrstuvwxyz";

    [Fact]
    public void A_fixed_alphabet_scores_emma_under_the_lectures_27_by_27_W()
    {
        var trainer = new BigramTrainer("emma", new TrainerOptions { Alphabet = Lecture });
        Assert.Equal(27, trainer.VocabularySize);
        Assert.Equal(5, trainer.BigramCount);
        Assert.Equal(3.7693049907684326, trainer.AverageNegativeLogLikelihood(), 1e-5);
    }

    [Fact]
    public void A_fixed_alphabet_must_hold_every_symbol_of_the_text()
    {
        var exception = Assert.Throws<ArgumentException>(() => new BigramTrainer("emma\nzoë", new TrainerOptions { Alphabet = Lecture }));
        Assert.Contains("'ë' (U+00EB)", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData(".cba")]
    [InlineData(".aab")]
    public void A_malformed_alphabet_is_rejected(string alphabet) =>
        Assert.Throws<ArgumentException>(() => new TrainerOptions { Alphabet = alphabet });

    [Theory]
    [InlineData(".ab.", 3, "'.' (U+002E)")] // a second start/end token: lookups of '.' would be ambiguous
    [InlineData(".a\\u0001b", 2, "U+0001")] // control character
    [InlineData(".a\\tb", 2, "U+0009")] // tab
    [InlineData(".a\\u2028", 2, "U+2028")] // line separator
    [InlineData("\\u0000ab", 0, "U+0000")] // the alternate stand-in without a '.' among the symbols
    [InlineData("\\u0000.a\\u0000", 3, "U+0000")] // the stand-in again
    [InlineData(".a\\uD83D", 2, "U+D83D")] // lone high surrogate
    [InlineData(".a\\uDE00", 2, "U+DE00")] // lone low surrogate
    [InlineData(".a\\uD83D\\uDE00", 2, "U+D83D")] // a surrogate pair: two halves, not one symbol
    [InlineData(".abb", 3, "'b' (U+0062)")] // duplicate
    [InlineData(".ba", 2, "'a' (U+0061)")] // unsorted
    [InlineData("a.b", 0, "'a' (U+0061)")] // '.' not first
    public void A_bad_symbol_is_rejected_with_its_code_point_and_index(string escaped, int index, string character)
    {
        string alphabet = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var exception = Assert.Throws<ArgumentException>(() => new TrainerOptions { Alphabet = alphabet });
        Assert.Contains($"Character {character} at index {index}", exception.Message, StringComparison.Ordinal);
        Assert.Equal("value", exception.ParamName);
    }

    [Theory]
    [InlineData(". ab")] // a space is a symbol
    [InlineData(".a\u00A0\u200B\u200F\uFEFF")] // so are a no-break space and invisible format characters
    [InlineData("\0 '-.:ADMNOTaehlmpru")] // '.' among the symbols: U+0000 stands for the start/end token
    public void Every_character_a_name_may_hold_is_a_valid_symbol(string alphabet) =>
        Assert.Equal(alphabet, new TrainerOptions { Alphabet = alphabet }.Alphabet);

    [Fact]
    public void An_alphabet_of_visible_symbols_is_accepted()
    {
        var options = new TrainerOptions { Alphabet = ".-ABabzßéü\u4E2D" };
        Assert.Equal(".-ABabzßéü\u4E2D", options.Alphabet);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("")]
    public void An_alphabet_without_symbols_is_rejected(string alphabet)
    {
        var exception = Assert.Throws<ArgumentException>(() => new TrainerOptions { Alphabet = alphabet });
        Assert.Contains("followed by 1 to 65535 symbols", exception.Message, StringComparison.Ordinal);
    }
}
