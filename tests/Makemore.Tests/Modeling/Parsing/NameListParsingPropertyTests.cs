using System;
using CsCheck;
using Xunit;

namespace Makemore.Tests.Modeling.Parsing;

/// <summary>
/// <see cref="Bigram.FromText(string, double)"/> on any text and any smoothing returns a model or throws an
/// <see cref="ArgumentException"/> (<see cref="ArgumentOutOfRangeException"/> included) with a message; nothing else.
/// </summary>
public class NameListParsingPropertyTests
{
    private static readonly Gen<char> TextCharacter = Gen.Frequency(
        (20, (IGen<char>)Gen.Char['a', 'f']),
        (4, Gen.Char["\n\r"]),
        (2, Gen.Char[" \t.\0\u00A0\u200B\u200F\uFEFF\uFFFD\u0001\u0085éЖ\uD83D\uDE00"]),
        (1, Gen.Char));

    private static readonly Gen<double> Smoothing = Gen.Frequency(
        (3, (IGen<double>)Gen.Double[0, 10]),
        (2, Gen.OneOf(0, 1e-300, double.Epsilon, 1e300, 1e301, double.MaxValue, -1, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity)),
        (2, Gen.Double));

    [Fact]
    public void FromText_returns_a_model_or_throws_an_ArgumentException_with_a_message() =>
        Gen.Select(TextCharacter.Array[0, 60], Smoothing).Sample(
            (characters, smoothing) =>
            {
                LanguageModel model;
                try
                {
                    model = Bigram.FromText(new string(characters), smoothing);
                }
                catch (ArgumentException exception)
                {
                    Assert.False(string.IsNullOrWhiteSpace(exception.Message));
                    return;
                }

                for (int i = 0; i < model.Probabilities.Length; i++)
                {
                    Assert.False(float.IsNaN(model.Probabilities[i]) || double.IsNaN(model.LogProbabilities[i]), $"NaN at {i}");
                }
            },
            iter: 2000);
}
