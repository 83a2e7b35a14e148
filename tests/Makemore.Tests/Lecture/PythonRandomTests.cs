using System.Linq;
using Makemore.Lecture;
using Xunit;

namespace Makemore.Tests.Lecture;

/// <summary>Reference values computed with CPython 3.11 (<c>random.seed(…)</c>, then the calls shown).</summary>
public class PythonRandomTests
{
    [Fact]
    public void Getrandbits_32_after_seed_42_matches_python()
    {
        var random = new PythonRandom(42);
        uint[] expected = [2746317213, 478163327, 107420369, 3184935163, 1181241943];
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => (uint)random.GetRandBits(32)).ToArray());

        // then getrandbits(1), (5), (15), (31)
        Assert.Equal([0UL, 7UL, 4572UL, 1581559892UL], new[] { 1, 5, 15, 31 }.Select(random.GetRandBits).ToArray());
    }

    [Fact]
    public void Getrandbits_64_fills_words_from_the_least_significant()
    {
        var random = new PythonRandom(42);
        Assert.Equal(2053695854357871005UL, random.GetRandBits(64));
        Assert.Equal(13679192365072849617UL, random.GetRandBits(64));
    }

    [Fact]
    public void Randrange_10_after_seed_42_matches_python()
    {
        var random = new PythonRandom(42);
        Assert.Equal([1, 0, 4, 3, 3, 2, 1, 8, 1, 9], Enumerable.Range(0, 10).Select(_ => random.RandBelow(10)).ToArray());
    }

    [Fact]
    public void A_seed_wider_than_32_bits_is_split_into_little_endian_words()
    {
        var random = new PythonRandom((1L << 40) + 5); // random.seed(2**40 + 5)
        Assert.Equal([2166296868u, 2220160828u, 1153647273u], Enumerable.Range(0, 3).Select(_ => random.NextUInt32()).ToArray());
    }
}
