using System;
using Xunit;

namespace Makemore.Tests.Runtime;

/// <summary>Issue 8 §5: an alphabet given to <see cref="LanguageModel.FromProbabilities"/> must be one a names list could produce.</summary>
public sealed class ModelAlphabetTests
{
    [Theory]
    [InlineData(".a", 0x002E, "U+002E at index 2")] // a second '.'
    [InlineData(".", 0x0001, "U+0001 at index 1")]  // a control character
    [InlineData(".a", 0x007F, "U+007F at index 2")] // DEL is a control character too
    [InlineData(".a", 0xD800, "U+D800 at index 2")] // a lone high surrogate (built in code: attributes cannot hold one)
    [InlineData(".a", 0xDC00, "U+DC00 at index 2")] // a lone low surrogate
    [InlineData(".b", 0x0061, "U+0061 at index 2")] // not sorted
    [InlineData(".a", 0x0061, "U+0061 at index 2")] // not distinct
    public void A_bad_symbol_is_rejected_naming_it_and_its_index(string prefix, int last, string expected)
    {
        string alphabet = prefix + (char)last;
        var exception = Assert.Throws<ArgumentException>(() =>
            LanguageModel.FromProbabilities(alphabet, new float[alphabet.Length * alphabet.Length]));
        string[] parts = expected.Split(" at ");
        Assert.Contains(parts[0], exception.Message, StringComparison.Ordinal);         // "U+002E"
        Assert.Contains("at " + parts[1], exception.Message, StringComparison.Ordinal); // "at index 2"
        Assert.Equal("alphabet", exception.ParamName);
    }

    [Fact]
    public void Letters_beyond_ASCII_and_punctuation_are_accepted()
    {
        float[] p = [0, 1, 1, 1, 1, 0, 1, 1, 1];
        Assert.Equal(3, LanguageModel.FromProbabilities(".-é", p).VocabularySize);
    }
}
