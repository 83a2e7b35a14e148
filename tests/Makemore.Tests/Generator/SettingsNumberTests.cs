using System.Globalization;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// <c>MakemoreOrder</c> and <c>MakemoreSmoothing</c> read numbers by one grammar (ModelSettings): the order any
/// written form of a whole number from 1 to 8, the smoothing any number from 0 to 1e300 whose value survives in a
/// double (a non-zero text that reads as 0 or a subnormal is refused), -0 as 0.
/// </summary>
public sealed class SettingsNumberTests
{
    [Theory]
    [InlineData("6.0")]
    [InlineData("+6")]
    [InlineData(" 6 ")]
    [InlineData("06")]
    [InlineData("6e0")]
    [InlineData("0.6E1")]
    public void An_order_written_as_any_form_of_a_whole_number_is_that_order(string order)
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("emma\nava\nanna", metadata: new() { ["MakemoreOrder"] = order })]);
        Assert.Empty(diagnostics);
        Assert.Equal(6, GeneratorHarness.Model(GeneratorHarness.Load(output), "Makemore.NameModel").Constant("Order"));
    }

    [Theory]
    [InlineData("6.5")]
    [InlineData("0x6")]
    [InlineData("6,0")]
    [InlineData("1e-400")]
    [InlineData("9.0")]
    [InlineData("Infinity")]
    public void An_order_that_is_not_a_whole_number_from_1_to_8_is_MM0018(string order)
    {
        var (_, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("emma", metadata: new() { ["MakemoreOrder"] = order })]);
        Assert.Equal("MM0018", Assert.Single(diagnostics).Id);
    }

    [Theory]
    [InlineData("1e-400")]
    [InlineData("4e-320")]
    [InlineData("0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001")]
    public void A_smoothing_whose_value_underflows_is_MM0006_saying_so(string smoothing)
    {
        var (_, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("emma", metadata: new() { ["MakemoreSmoothing"] = smoothing })]);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("MM0006", diagnostic.Id);
        Assert.Contains("underflow", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-0", "0")]
    [InlineData("-0.0e5", "0")]
    [InlineData("+0.5", "0.5")]
    [InlineData("5E-1", "0.5")]
    [InlineData(" 1 ", "1")]
    public void A_smoothing_is_echoed_as_its_value(string smoothing, string echoed)
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("emma\nava", metadata: new() { ["MakemoreSmoothing"] = smoothing })]);
        Assert.Empty(diagnostics);
        Assert.Equal(echoed, GeneratorHarness.Model(GeneratorHarness.Load(output), "Makemore.NameModel").Constant("Smoothing"));
    }
}
