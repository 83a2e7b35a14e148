using System;
using System.Linq;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// <c>SampleUnique</c> refuses at once a count above the support: the number of different names the model can
/// produce under the options (with Novel, less the list's names that meet them), counted exactly from the model's
/// transitions of positive probability, rather than drawing until the remaining names are too unlikely.
/// </summary>
public class SupportTests
{
    private static readonly Lazy<LanguageModel> Order4 = new(() => LanguageModel.FromText(DefaultData.Text, 4, Smoothing.KneserNey));

    [Theory]
    [InlineData(18_280)]
    [InlineData(100_000)]
    public void More_names_of_at_most_3_letters_than_there_are_is_refused_at_once(int count)
    {
        // Every symbol keeps a probability above zero, so the support is every string of 0 to 3 of the 26 letters:
        // 1 + 26 + 676 + 17,576 = 18,279 names. Drawing towards it took minutes before the count was checked.
        var options = new SamplingOptions { MaxLength = 3 };
        var random = new Xoshiro256StarStar(1);
        ArgumentException error = Assert.Throws<ArgumentException>(() => Order4.Value.SampleUnique(ref random, count, options));
        Assert.Contains($"{count} different names were asked for", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 18279 ", error.Message, StringComparison.Ordinal);
        Assert.Equal("count", error.ParamName);
    }

    [Fact]
    public void With_novel_the_support_leaves_out_the_listed_names_that_meet_the_options()
    {
        var options = new SamplingOptions { MaxLength = 3, Novel = true };
        int listed = DefaultData.Text.Split((char)10).Select(line => line.Trim()).Where(name => name.Length is > 0 and <= 3).Distinct(StringComparer.Ordinal).Count();
        Assert.InRange(listed, 1, 18_279);
        int support = 18_279 - listed;
        var random = new Xoshiro256StarStar(1);
        ArgumentException error = Assert.Throws<ArgumentException>(() => Order4.Value.SampleUnique(ref random, support + 1, options));
        Assert.Contains($"only {support} ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not in the list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_within_the_support_is_not_refused_and_an_infinite_support_never_is()
    {
        var random = new Xoshiro256StarStar(2);
        Assert.Equal(500, Order4.Value.SampleUnique(ref random, 500, new SamplingOptions { MaxLength = 3 }).Length);
        Assert.Equal(500, Order4.Value.SampleUnique(ref random, 500, new SamplingOptions { MinLength = 4 }).Length);

        // α = 0 of "abc" and "abd": two names, whatever the options allow beyond them.
        LanguageModel two = LanguageModel.FromText("abc\nabd", 2, Smoothing.Additive(0));
        ArgumentException error = Assert.Throws<ArgumentException>(() => two.SampleUnique(ref random, 3, SamplingOptions.None));
        Assert.Contains("only 2 ", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, two.SampleUnique(ref random, 2, SamplingOptions.None).Length);
    }
}
