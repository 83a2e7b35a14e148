using System.Threading.Tasks;
using System;
using Makemore.Bigram;
using Makemore.NGram;
using Xunit;

namespace Makemore.Tests.Sampling;

/// <summary>
/// <c>SampleLines</c> and <c>SampleLinesParallel</c> never spin and never return nothing in silence: a limit below
/// the shortest name is refused at once, a buffer too short for one name of the limit is refused at once, and names
/// that (almost) never fit the limit end in an <see cref="InvalidOperationException"/> naming it, after the fuse
/// (2^28 symbols plus 1,024 a character kept; the tests pass a short fuse of 2^20 through the internal overloads, as
/// a run into the real one takes tens of seconds on a loaded machine).
/// </summary>
public sealed class LineFuseTests
{
    private const long ShortFuse = 1 << 20;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly Lazy<LanguageModel> Order6 = new(() => LanguageModel.FromText(DefaultData.Text, 6, Smoothing.KneserNey));

    [Fact]
    public void An_order_6_model_asked_for_empty_names_only_gives_up_naming_the_limit()
    {
        LanguageModel model = Order6.Value;
        Assert.Equal(0, model.ShortestSampleLength); // the empty name has a probability above zero, however small
        Assert.True(model.Probability(string.Empty, '.') < 1e-6);
        var buffer = new char[1000];
        InvalidOperationException error = Finishes(() => Assert.Throws<InvalidOperationException>(() =>
        {
            var random = new Xoshiro256StarStar(1);
            return NGramLines.SampleLines(ref random, model.Tables.Tree, buffer, out _, 0, ShortFuse);
        }));
        Assert.Contains("at most 0 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("maxNameLength", error.Message, StringComparison.Ordinal);

        error = Finishes(() => Assert.Throws<InvalidOperationException>(() =>
        {
            var random = new Xoshiro256StarStar(1);
            return NGramLines.SampleLinesParallel(ref random, model.Tables.Tree, buffer, out _, 0, -1, ShortFuse);
        }));
        Assert.Contains("at most 0 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_buffer_too_short_for_one_name_of_the_limit_is_refused_at_once()
    {
        var buffer = new char[100];
        foreach (LanguageModel model in new[] { Order6.Value, Bigram.FromText("ann\nbob") })
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() =>
            {
                var random = new Xoshiro256StarStar(1);
                return model.SampleLines(ref random, buffer, out _, maxNameLength: 100);
            });
            Assert.Equal("destination", error.ParamName);
            Assert.Contains("100", error.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() =>
            {
                var random = new Xoshiro256StarStar(1);
                return model.SampleLinesParallel(ref random, buffer, out _, maxNameLength: 100);
            });
        }
    }

    [Fact]
    public void A_limit_below_the_shortest_name_is_refused_at_once()
    {
        LanguageModel model = LanguageModel.FromText("abcdef", 3, Smoothing.Additive(0));
        Assert.Equal(6, model.ShortestSampleLength);
        var random = new Xoshiro256StarStar(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.SampleLines(ref random, new char[100], out _, maxNameLength: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.SampleLinesParallel(ref random, new char[100], out _, maxNameLength: 5));
    }

    [Fact]
    public void A_bigram_of_one_5000_character_name_never_returns_nothing_in_silence()
    {
        // α = 0 over one long random name: a name is some 5,000 characters on average, and one of at most 64 is rare.
        var letters = new Random(5);
        var name = new char[5_000];
        for (int i = 0; i < name.Length; i++)
        {
            name[i] = (char)('a' + letters.Next(26));
        }

        LanguageModel model = LanguageModel.FromText(new string(name), 2, Smoothing.Additive(0));
        var buffer = new char[65_536];
        var random = new Xoshiro256StarStar(1);
        int names = -1;
        InvalidOperationException? error = Finishes(() => Record.Exception(() =>
            names = BigramBulkSampler.SampleLinesWithFuse(ref random, model.AliasTable, model.Alphabet, model.ShortestSampleLength, buffer, out _, 64, ShortFuse)) as InvalidOperationException);
        if (error is null)
        {
            Assert.True(names > 0, "0 names, and no exception to say why");
        }
        else
        {
            Assert.Contains("at most 64 characters", error.Message, StringComparison.Ordinal);
        }
    }

    private static T Finishes<T>(Func<T> action)
    {
        Task<T> task = Task.Run(action);
        Assert.True(task.Wait(Patience), $"still running after {Patience.TotalSeconds} s");
        return task.Result;
    }
}
