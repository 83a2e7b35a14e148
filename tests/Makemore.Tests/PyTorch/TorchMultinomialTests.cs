using Makemore.PyTorch;
using System;
using System.Linq;
using Xunit;

namespace Makemore.Tests;

/// <summary>
/// torch.multinomial's two CPU algorithms and the release-dependent dispatch between them, checked against
/// straightforward re-derivations (a linear scan for the cumulative inversion, a full sort for the race).
/// </summary>
public sealed class TorchMultinomialTests
{
    private static readonly TorchMultinomial[] Algorithms = [TorchMultinomial.Legacy, TorchMultinomial.Modern];

    [Theory]
    [InlineData(3, 1)]
    [InlineData(27, 1)]
    [InlineData(27, 10)]
    [InlineData(300, 50)] // beyond the stack buffer: scratch space is rented
    public void Legacy_with_replacement_inverts_the_float_cumulative_distribution(int n, int k)
    {
        float[] p = Weights(n, seed: (ulong)(n * 31 + k));
        var generator = new TorchGenerator(77);
        TorchGenerator reference = generator.Clone();

        var result = new int[k];
        Makemore.PyTorch.Torch.Multinomial(generator, p, result, replacement: true, TorchMultinomial.Legacy);

        Assert.Equal(ReferenceCumulative(reference, p, k), result);
        Assert.Equal(reference.NextUInt32(), generator.NextUInt32()); // one double (two words) per sample
    }

    [Theory]
    [InlineData(27, 2)]
    [InlineData(300, 7)]
    public void Modern_with_replacement_and_several_samples_still_inverts_the_cumulative_distribution(int n, int k)
    {
        float[] p = Weights(n, seed: 5);
        var legacy = new int[k];
        var modern = new int[k];

        Makemore.PyTorch.Torch.Multinomial(new TorchGenerator(9), p, legacy, replacement: true, TorchMultinomial.Legacy);
        Makemore.PyTorch.Torch.Multinomial(new TorchGenerator(9), p, modern, replacement: true, TorchMultinomial.Modern);

        Assert.Equal(legacy, modern);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(27)]
    [InlineData(300)]
    public void Modern_single_sample_races_one_exponential_per_category(int n)
    {
        float[] p = Weights(n, seed: (ulong)n);
        for (ulong seed = 0; seed < 20; seed++)
        {
            var generator = new TorchGenerator(seed);
            TorchGenerator reference = generator.Clone();

            int sample = Makemore.PyTorch.Torch.Multinomial(generator, p, replacement: true, TorchMultinomial.Modern);

            Assert.Equal(ReferenceRace(reference, p)[0], sample);
            Assert.Equal(reference.NextUInt32(), generator.NextUInt32()); // n doubles, whatever the winner
        }
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(27, 10)]
    [InlineData(300, 40)]
    public void Without_replacement_both_algorithms_return_the_top_k_race_scores_in_order(int n, int k)
    {
        float[] p = Weights(n, seed: 1234);
        foreach (TorchMultinomial algorithm in Algorithms)
        {
            var generator = new TorchGenerator(31337);
            TorchGenerator reference = generator.Clone();
            var result = new int[k];

            Makemore.PyTorch.Torch.Multinomial(generator, p, result, replacement: false, algorithm);

            Assert.Equal(ReferenceRace(reference, p).Take(k), result);
            Assert.Equal(k, result.Distinct().Count());
            Assert.Equal(reference.NextUInt32(), generator.NextUInt32());
        }
    }

    [Fact]
    public void Legacy_single_sample_without_replacement_races_too()
    {
        float[] p = Weights(27, seed: 8);
        int legacy = Makemore.PyTorch.Torch.Multinomial(new TorchGenerator(4), p, replacement: false, TorchMultinomial.Legacy);

        Assert.Equal(ReferenceRace(new TorchGenerator(4), p)[0], legacy);
    }

    [Fact]
    public void Weights_need_not_be_normalised()
    {
        float[] p = Weights(27, seed: 3);
        float total = p.Sum();
        float[] scaled = p.Select(w => w * 1000f).ToArray();

        foreach (TorchMultinomial algorithm in Algorithms)
        {
            for (ulong seed = 0; seed < 50; seed++)
            {
                int a = Makemore.PyTorch.Torch.Multinomial(new TorchGenerator(seed), p, replacement: true, algorithm);
                int b = Makemore.PyTorch.Torch.Multinomial(new TorchGenerator(seed), scaled, replacement: true, algorithm);
                Assert.Equal(a, b);
            }
        }

        Assert.True(total > 1.5f, "the test weights should be far from normalised");
    }

    [Fact]
    public void Zero_weight_categories_are_never_drawn_with_replacement()
    {
        float[] p = [0f, 1f, 0f, 2f, 0f];
        var result = new int[2000];

        foreach (TorchMultinomial algorithm in Algorithms)
        {
            var generator = new TorchGenerator(6);
            Makemore.PyTorch.Torch.Multinomial(generator, p, result, replacement: true, algorithm);
            Assert.All(result, i => Assert.True(i is 1 or 3));
            for (int i = 0; i < 200; i++)
            {
                Assert.True(Makemore.PyTorch.Torch.Multinomial(generator, p, replacement: true, algorithm) is 1 or 3);
            }
        }
    }

    [Fact]
    public void Frequencies_follow_the_weights()
    {
        float[] p = [0.1f, 0.6f, 0.3f];
        foreach (TorchMultinomial algorithm in Algorithms)
        {
            var generator = new TorchGenerator(2147483647);
            var counts = new int[3];
            for (int i = 0; i < 30000; i++)
            {
                counts[Makemore.PyTorch.Torch.Multinomial(generator, p, replacement: true, algorithm)]++;
            }

            // Binomial standard deviations are at most ~85 draws here; allow five.
            Assert.InRange(counts[0], 3000 - 425, 3000 + 425);
            Assert.InRange(counts[1], 18000 - 425, 18000 + 425);
            Assert.InRange(counts[2], 9000 - 425, 9000 + 425);
        }
    }

    [Fact]
    public void Invalid_inputs_are_rejected_before_anything_is_drawn()
    {
        var generator = new TorchGenerator(1);
        var reference = new TorchGenerator(1);
        var one = new int[1];

        foreach (TorchMultinomial algorithm in Algorithms)
        {
            foreach (bool replacement in new[] { true, false })
            {
                AssertRejects([0.5f, -0.1f], one, replacement, algorithm, "index 1");
                AssertRejects([float.NaN, 1f], one, replacement, algorithm, "index 0");
                AssertRejects([1f, float.PositiveInfinity], one, replacement, algorithm, "index 1");
                AssertRejects([0f, 0f, 0f], one, replacement, algorithm, "zero");
                AssertRejects([], one, replacement, algorithm, "no categories");
                AssertRejects([1f], [], replacement, algorithm, "zero samples");
            }

            AssertRejects([1f, 1f], new int[3], replacement: false, algorithm, "without replacement");
        }

        Assert.Throws<ArgumentNullException>(() => Makemore.PyTorch.Torch.Multinomial(null!, [1f], one, true, TorchMultinomial.Legacy));
        Assert.Throws<ArgumentOutOfRangeException>(() => Makemore.PyTorch.Torch.Multinomial(generator, [1f], one, true, (TorchMultinomial)7));
        Assert.Equal(reference.NextUInt32(), generator.NextUInt32());

        void AssertRejects(float[] p, int[] result, bool replacement, TorchMultinomial algorithm, string mention)
        {
            ArgumentException e = Assert.ThrowsAny<ArgumentException>(
                () => Makemore.PyTorch.Torch.Multinomial(generator, p, result, replacement, algorithm));
            Assert.Contains(mention, e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void More_samples_than_categories_are_fine_with_replacement()
    {
        var result = new int[10];
        Makemore.PyTorch.Torch.Multinomial(new TorchGenerator(2), [1f, 1f], result, replacement: true, TorchMultinomial.Modern);

        Assert.All(result, i => Assert.InRange(i, 0, 1));
    }

    [Fact]
    public void Sampling_up_to_256_categories_allocates_nothing()
    {
        float[] p = Weights(256, seed: 42);
        var generator = new TorchGenerator(0);
        var result = new int[16];
        Run(); // JIT and first-call costs

        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        void Run()
        {
            foreach (TorchMultinomial algorithm in Algorithms)
            {
                Makemore.PyTorch.Torch.Multinomial(generator, p, replacement: true, algorithm);
                Makemore.PyTorch.Torch.Multinomial(generator, p, result, replacement: true, algorithm);
                Makemore.PyTorch.Torch.Multinomial(generator, p, result, replacement: false, algorithm);
            }
        }
    }

    [Fact]
    public void The_top_k_order_puts_NaN_first_then_descending_scores_then_lower_indices()
    {
        (float Score, int Index)[] items =
        [
            (1f, 4), (float.PositiveInfinity, 6), (-0f, 2), (0f, 1), (float.NaN, 5), (2.5f, 3), (1f, 0), (float.NegativeInfinity, 7),
        ];

        int[] order = items.OrderBy(x => Makemore.PyTorch.Torch.RankKey(x.Score, x.Index)).Select(x => x.Index).ToArray();

        Assert.Equal([5, 6, 3, 0, 4, 1, 2, 7], order);
    }

    /// <summary>Positive weights (some zero) drawn from an unrelated generator.</summary>
    private static float[] Weights(int n, ulong seed)
    {
        var source = new Xoshiro256StarStar(seed);
        var p = new float[n];
        for (int i = 0; i < n; i++)
        {
            ulong r = source.NextUInt64();
            p[i] = r % 7 == 0 ? 0f : (r >> 40) / (float)(1 << 24) * 3f;
        }

        p[n / 2] += 0.5f; // never all zero
        return p;
    }

    /// <summary>The cumulative inversion re-derived: the first index whose normalised running sum is not below u.</summary>
    private static int[] ReferenceCumulative(TorchGenerator generator, float[] p, int k)
    {
        var cumulative = new float[p.Length];
        float sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += p[i];
            cumulative[i] = sum;
        }

        for (int i = 0; i < p.Length; i++)
        {
            cumulative[i] /= sum;
        }

        cumulative[^1] = 1f;
        var samples = new int[k];
        for (int s = 0; s < k; s++)
        {
            double u = generator.NextDouble();
            samples[s] = Array.FindIndex(cumulative, c => !(c < u));
        }

        return samples;
    }

    /// <summary>The exponential race re-derived: every index ordered by p / Exp(1) (float), largest first.</summary>
    private static int[] ReferenceRace(TorchGenerator generator, float[] p)
    {
        float[] scores = p.Select(w => w / (float)-Math.Log(1.0 - generator.NextDouble())).ToArray();
        return Enumerable.Range(0, p.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
    }
}
