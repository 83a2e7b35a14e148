using System;
using Xunit;

namespace Makemore.Tests.Runtime;

public class ModelFromProbabilitiesTests
{
    [Fact]
    public void Rows_are_renormalised_and_sampled_like_a_count_model()
    {
        float[] weights =
        [
            0, 2, 2, // '.' → a or b
            1, 0, 0, // a → end
            1, 0, 1, // b → end or b
        ];
        var model = LanguageModel.FromProbabilities(".ab", weights);
        Assert.Equal(0.5f, model.Probability('.', 'a'));
        Assert.Equal(1f, model.Probability('a', '.'));
        Assert.Equal(1, model.ShortestSampleLength);
        Assert.Equal(-Math.Log(0.5) - Math.Log(0.5) - Math.Log(0.5), model.NegativeLogLikelihood("bb"), 12);
        Assert.True(model.Counts.IsEmpty);

        var rng = new Xoshiro256StarStar(1);
        Span<char> buffer = stackalloc char[16];
        for (int i = 0; i < 100; i++)
        {
            string name = buffer[..model.Sample(ref rng, buffer)].ToString();
            Assert.True(name == "a" || (name.Length > 0 && name.Trim('b').Length == 0), name);
        }
    }

    [Theory]
    [InlineData(-1f, "row 0, column 0")]
    [InlineData(float.NaN, "row 0, column 0")]
    [InlineData(float.PositiveInfinity, "row 0, column 0")]
    public void Bad_weights_are_rejected_naming_the_cell(float bad, string cell)
    {
        float[] weights = [bad, 1, 1, 1];
        var exception = Assert.Throws<ArgumentException>(() => LanguageModel.FromProbabilities(".a", weights));
        Assert.Contains(cell, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_row_a_wrong_size_or_a_bad_alphabet_is_rejected()
    {
        Assert.Contains("Row 1", Assert.Throws<ArgumentException>(() => LanguageModel.FromProbabilities(".a", [1f, 1f, 0f, 0f])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LanguageModel.FromProbabilities(".a", [1f, 1f, 1f]));
        Assert.Throws<ArgumentException>(() => LanguageModel.FromProbabilities("ab", [1f, 1f, 1f, 1f]));
        Assert.Throws<ArgumentException>(() => LanguageModel.FromProbabilities(".ba", new float[9]));
    }

    [Fact]
    public void A_symbol_that_can_never_end_is_rejected_so_sampling_cannot_run_forever()
    {
        // '.' → a or b, a → end, b → b only: a string sample that reached b would grow without end.
        float[] weights = [0, 1, 1, 1, 0, 0, 0, 0, 1];
        var exception = Assert.Throws<ArgumentException>(() => LanguageModel.FromProbabilities(".ab", weights));
        Assert.Contains("Symbol 2 ('b')", exception.Message, StringComparison.Ordinal);
        Assert.Equal("probabilities", exception.ParamName);
    }
}
