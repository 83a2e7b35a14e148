using System;
using System.Linq;
using Xunit;

namespace Makemore.Tests.Sampling;

public class RandomSourceTests
{
    [Fact]
    public void Xoshiro_is_reproducible_and_seed_sensitive()
    {
        var a = new Xoshiro256StarStar(123);
        var b = new Xoshiro256StarStar(123);
        var c = new Xoshiro256StarStar(124);
        ulong[] fromA = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(fromA, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(fromA, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()).ToArray());
    }

    [Fact]
    public void Xoshiro_bits_are_balanced()
    {
        var rng = new Xoshiro256StarStar(99);
        var ones = new int[64];
        const int draws = 100_000;
        for (int i = 0; i < draws; i++)
        {
            ulong x = rng.NextUInt64();
            for (int bit = 0; bit < 64; bit++)
            {
                ones[bit] += (int)((x >> bit) & 1);
            }
        }

        // Each bit is Binomial(n, 1/2): 6 standard deviations is ±949.
        Assert.All(ones, count => Assert.InRange(count, (draws / 2) - 949, (draws / 2) + 949));
    }

    [Fact]
    public void The_Random_adapter_draws_from_the_wrapped_generator()
    {
        var source = new SystemRandomSource(new Random(1));
        var again = new SystemRandomSource(new Random(1));
        Assert.Equal(source.NextUInt64(), again.NextUInt64());
        Assert.Throws<ArgumentNullException>(() => new SystemRandomSource(null!));
    }
}
