using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System;
using CsCheck;
using Makemore.Modeling.Planning;
using Xunit;

namespace Makemore.Tests.Modeling.Planning;

/// <summary>
/// The one number grammar of MakemoreOrder, MakemoreSmoothing, --order and --smoothing, against an oracle written
/// independently: a regular expression for the grammar and .NET's own parser for the value.
/// </summary>
public sealed partial class ModelSettingsNumberTests
{
    private const double SmallestNormal = 2.2250738585072014E-308;

    private static readonly Gen<string> Digits = Gen.Char['0', '9'].Array[1, 4].Select(c => new string(c));

    private static readonly Gen<string> NumberText =
        Gen.Select(
            Gen.OneOf("", "", "+", "-"),
            Gen.Frequency((6, Digits), (1, Gen.Const("")), (1, Gen.OneOf("0", "00", "08", "1", "6", "8", "9"))),
            Gen.Frequency((3, Gen.Const("")), (2, Digits.Select(d => "." + d)), (1, Gen.OneOf(".", ".0", ".5", ".00"))),
            Gen.Frequency(
                (4, Gen.Const("")),
                (2, Gen.Select(Gen.OneOf("e", "E"), Gen.OneOf("", "+", "-"), Digits, (e, s, d) => e + s + d)),
                (1, Gen.OneOf("e-400", "e-320", "e-310", "e308", "e309", "e300", "e301", "e"))),
            Gen.Frequency((6, Gen.Const("")), (1, Gen.OneOf(" ", "\t", " x", ",5", "_", "Infinity", "NaN", "0x1"))),
            Gen.Frequency((6, Gen.Const("")), (1, Gen.OneOf(" ", "  ", "\t"))),
            (sign, whole, fraction, exponent, tail, space) => space + sign + whole + fraction + exponent + tail + space);

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    [Fact]
    public void Orders_follow_the_grammar_and_are_whole_numbers_from_1_to_8() =>
        NumberText.Sample(text =>
        {
            bool accepted = ModelSettings.TryParseOrder(text, out int order);
            (bool valid, double value) = Oracle(text);
            bool expected = valid && value == Math.Floor(value) && value is >= 1 and <= 8;
            Assert.True(expected == accepted, $"\"{text}\": oracle {expected} ({value}), parser {accepted}");
            if (accepted)
            {
                Assert.Equal(value, order);
            }
        }, iter: 20_000);

    [Fact]
    public void Smoothings_follow_the_grammar_are_from_0_to_1e300_never_underflow_and_echo_their_value() =>
        NumberText.Sample(text =>
        {
            bool accepted = ModelSettings.TryParseSmoothing(text, 2, out ModelSettings settings);
            (bool valid, double value) = Oracle(text);
            bool expected = valid && value is >= 0 and <= 1e300;
            Assert.True(expected == accepted, $"\"{text}\": oracle {expected} ({value}), parser {accepted}");
            if (accepted)
            {
                Assert.Equal(value, settings.AdditiveSmoothing);
                Assert.False(double.IsNegative(settings.AdditiveSmoothing), $"\"{text}\" kept its minus sign");
                string echoed = settings.AdditiveSmoothing.ToString("R", CultureInfo.InvariantCulture);
                Assert.True(ModelSettings.TryParseSmoothing(echoed, 2, out ModelSettings again) && again.Equals(settings), $"\"{echoed}\" does not read back");
            }
        }, iter: 20_000);

    [Theory]
    [InlineData("6.0", 6)]
    [InlineData("+6", 6)]
    [InlineData("08", 8)]
    [InlineData(" 6", 6)]
    [InlineData("1e0", 1)]
    public void Written_forms_of_a_whole_number_are_orders(string text, int expected)
    {
        Assert.True(ModelSettings.TryParseOrder(text, out int order));
        Assert.Equal(expected, order);
    }

    [Theory]
    [InlineData("6.5")]
    [InlineData("1e-400")]
    [InlineData("-0.5e1")]
    public void Other_numbers_are_not_orders(string text) => Assert.False(ModelSettings.TryParseOrder(text, out _));

    [Fact]
    public void Underflow_is_refused_and_minus_zero_reads_as_zero()
    {
        Assert.False(ModelSettings.TryParseSmoothing("1e-400", 2, out _));
        Assert.False(ModelSettings.TryParseSmoothing("4e-320", 2, out _));
        Assert.True(ModelSettings.TryParseSmoothing("0e-400", 2, out ModelSettings zero));
        Assert.Equal(0, zero.AdditiveSmoothing);
        Assert.True(ModelSettings.TryParseSmoothing("-0", 2, out ModelSettings minusZero));
        Assert.False(double.IsNegative(minusZero.AdditiveSmoothing));
        Assert.Equal("0", Smoothing.Parse("-0").ToString());
    }

    /// <summary>Valid when the trimmed text matches the grammar and its value is finite, and zero only if written as zero, never subnormal.</summary>
    private static (bool Valid, double Value) Oracle(string text)
    {
        string trimmed = text.Trim();
        if (!Grammar().IsMatch(trimmed))
        {
            return (false, double.NaN);
        }

        double value = double.Parse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture) + 0.0;
        string mantissa = trimmed.Split('e', 'E')[0];
        bool writtenAsZero = !mantissa.Any(c => c is >= (char)49 and <= (char)57);
        bool lost = !writtenAsZero && Math.Abs(value) < SmallestNormal;
        return (double.IsFinite(value) && !lost, value);
    }
}
