using System.Linq;
using System;
using Makemore.Lecture;
using Makemore.PyTorch;
using Xunit;

namespace Makemore.Tests;

/// <summary>The replay loop itself, on small hand-made tables (the lecture's numbers are in <see cref="TorchLectureTests"/>).</summary>
public sealed class LectureReplayTests
{
    private const string Alphabet = ".ab";

    [Fact]
    public void Names_end_with_the_end_token_and_one_generator_runs_across_them()
    {
        float[] p =
        [
            0f, 1f, 1f, // start: a or b
            1f, 1f, 0f, // a: end or a
            2f, 0f, 1f, // b: end or b
        ];

        foreach (TorchMultinomial algorithm in new[] { TorchMultinomial.Legacy, TorchMultinomial.Modern })
        {
            string[] names = LectureReplay.SampleNames(p, Alphabet, 50, 2147483647, algorithm);

            Assert.All(names, n => Assert.Matches("^(a+|b+)\\.$", n));
            Assert.True(names.Distinct().Count() > 2, "the generator should continue across names, not restart");

            // The same loop written out with Torch.Multinomial.
            var generator = new TorchGenerator(2147483647);
            foreach (string name in names)
            {
                int ix = 0;
                string expected = string.Empty;
                do
                {
                    ix = Makemore.PyTorch.Torch.Multinomial(generator, p.AsSpan(ix * 3, 3), replacement: true, algorithm);
                    expected += Alphabet[ix];
                }
                while (ix != 0);

                Assert.Equal(expected, name);
            }
        }
    }

    [Fact]
    public void A_certain_table_gives_the_same_name_every_time()
    {
        float[] p = [0f, 1f, 0f, 0f, 0f, 1f, 1f, 0f, 0f];

        Assert.All(LectureReplay.SampleNames(p, Alphabet, 5, 1, TorchMultinomial.Modern), n => Assert.Equal("ab.", n));
        Assert.Empty(LectureReplay.SampleNames(p, Alphabet, 0, 1, TorchMultinomial.Legacy));
    }

    [Fact]
    public void A_table_that_could_loop_forever_is_rejected()
    {
        float[] trap = [0f, 1f, 1f, 0f, 1f, 0f, 1f, 0f, 1f]; // 'a' only ever leads to 'a'
        ArgumentException e = Assert.Throws<ArgumentException>(() => LectureReplay.SampleNames(trap, Alphabet, 1, 1, TorchMultinomial.Legacy));
        Assert.Contains("never lead to the end", e.Message, StringComparison.Ordinal);

        // The same trap is harmless when nothing leads into it.
        float[] unreachable = [0f, 0f, 1f, 0f, 1f, 0f, 1f, 0f, 1f];
        Assert.All(LectureReplay.SampleNames(unreachable, Alphabet, 5, 1, TorchMultinomial.Legacy), n => Assert.Matches("^b+\\.$", n));
    }

    [Fact]
    public void A_name_whose_end_torch_multinomial_cannot_draw_throws_past_the_length_cap_instead_of_running_forever()
    {
        // a → a, or b with 1e-12: b is the last column, and the legacy cumulative sum reaches 1 before it, so b
        // (the only way to the end) is never drawn although P > 0 passes the check.
        float[] p = [0f, 1f, 0f, 0f, 1f, 1e-12f, 1f, 0f, 0f];
        var exception = Assert.Throws<InvalidOperationException>(() => LectureReplay.SampleNames(p, Alphabet, 1, 1, TorchMultinomial.Legacy));
        Assert.Contains("1048576", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        float[] ok = [0f, 1f, 0f, 0f, 0f, 1f, 1f, 0f, 0f];

        Assert.Throws<ArgumentException>(() => LectureReplay.SampleNames(ok, string.Empty, 1, 1, TorchMultinomial.Legacy));
        Assert.Throws<ArgumentException>(() => LectureReplay.SampleNames(ok.AsSpan(1), Alphabet, 1, 1, TorchMultinomial.Legacy));
        Assert.Throws<ArgumentOutOfRangeException>(() => LectureReplay.SampleNames(ok, Alphabet, -1, 1, TorchMultinomial.Legacy));
        Assert.Throws<ArgumentOutOfRangeException>(() => LectureReplay.SampleNames(ok, Alphabet, 1, 1, (TorchMultinomial)2));
        Assert.Throws<ArgumentNullException>(() => LectureReplay.SampleNames((LanguageModel)null!, 1));

        float[] negative = [0f, 1f, -1f, 1f, 0f, 0f, 1f, 0f, 0f];
        Assert.Contains("row 0, column 2", Assert.Throws<ArgumentException>(() => LectureReplay.SampleNames(negative, Alphabet, 1, 1, TorchMultinomial.Legacy)).Message, StringComparison.Ordinal);

        float[] deadEnd = [0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f]; // 'a' has nowhere to go
        Assert.Contains("Row 1", Assert.Throws<ArgumentException>(() => LectureReplay.SampleNames(deadEnd, Alphabet, 1, 1, TorchMultinomial.Legacy)).Message, StringComparison.Ordinal);
    }
}
