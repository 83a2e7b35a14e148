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
}
