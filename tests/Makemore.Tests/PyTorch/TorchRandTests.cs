using Makemore.PyTorch;
using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Makemore.Tests;

/// <summary>
/// torch.rand and torch.randn against values PyTorch printed (lecture, tutorials, library docs) and against the
/// kernels' structure (which uniforms feed which outputs, how many draws each path consumes).
/// </summary>
public sealed class TorchRandTests(ITestOutputHelper output)
{
    // Printed values carry four decimals; allow half a unit in the last place plus float noise.
    private const float Printed = 0.00006f;

    [Fact]
    public void Rand_3_with_the_lecture_seed_matches_the_lecture()
    {
        float[] p = Rand(2147483647, 3);
        output.WriteLine($"rand(3) = [{string.Join(", ", p)}]");

        AssertPrinted([0.7081f, 0.3542f, 0.1054f], p);

        float sum = p[0] + p[1] + p[2];
        float[] normalised = [p[0] / sum, p[1] / sum, p[2] / sum];
        output.WriteLine($"normalised = [{string.Join(", ", normalised)}]");
        AssertPrinted([0.6064f, 0.3033f, 0.0903f], normalised);
    }

    [Fact]
    public void Rand_with_seed_42_matches_widely_published_output()
    {
        // torch.manual_seed(42); torch.rand(7, 4) as printed in tutorials and in ExecuTorch's SDPA tests.
        float[] expected =
        [
            0.8823f, 0.9150f, 0.3829f, 0.9593f, 0.3904f, 0.6009f, 0.2566f, 0.7936f, 0.9408f, 0.1332f,
            0.9346f, 0.5936f, 0.8694f, 0.5677f, 0.7411f, 0.4294f, 0.8854f, 0.5739f, 0.2666f, 0.6274f,
            0.2696f, 0.4414f, 0.2969f, 0.8317f, 0.1053f, 0.2695f, 0.3588f, 0.1994f,
        ];

        AssertPrinted(expected, Rand(42, expected.Length));
    }

    [Fact]
    public void Rand_with_seed_123_reproduces_a_published_nn_Linear_initialisation()
    {
        // torch.manual_seed(123); nn.Linear(4, 2).weight — kaiming_uniform_ with bound 1/2, i.e. uniform_(-0.5, 0.5),
        // which on the CPU is u · 1 − 0.5 for the same float uniforms torch.rand draws.
        float[] weight = [-0.2039f, 0.0166f, -0.2483f, 0.1886f, -0.4260f, 0.3665f, -0.3634f, -0.3975f];

        AssertPrinted(weight, Rand(123, 8).Select(u => u - 0.5f).ToArray());
    }

    [Fact]
    public void Randn_of_fewer_than_16_with_seed_42_matches_published_output()
    {
        // torch.manual_seed(42); torch.randn(2, 3)
        AssertPrinted([0.3367f, 0.1288f, 0.2345f, 0.2303f, -1.1229f, -0.1863f], Randn(42, 6));

        // torch.manual_seed(21); torch.randn(3)
        AssertPrinted([0.1081f, -0.4376f, -0.7697f], Randn(21, 3));
    }

    [Fact]
    public void Randn_of_a_multiple_of_16_with_seed_42_matches_published_output()
    {
        // torch.manual_seed(42); torch.randn(2, 16)
        float[] expected =
        [
            1.9269f, 1.4873f, 0.9007f, -2.1055f, 0.6784f, -1.2345f, -0.0431f, -1.6047f,
            -0.7521f, 1.6487f, -0.3925f, -1.4036f, -0.7279f, -0.5594f, -0.7688f, 0.7624f,
            1.6423f, -0.1596f, -0.4974f, 0.4396f, -0.7581f, 1.0783f, 0.8008f, 1.6806f,
            1.2791f, 1.2964f, 0.6105f, 1.3347f, -0.2316f, 0.0418f, -0.2516f, 0.8599f,
        ];

        AssertPrinted(expected, Randn(42, 32));
    }

    [Fact]
    public void Randn_with_a_partial_last_block_redraws_the_last_16_as_PyTorch_does()
    {
        // torch.manual_seed(42); torch.randn(2, 3, 4) — printed in llm.c's layernorm walkthrough.
        float[] n24 =
        [
            1.9269f, 1.4873f, 0.9007f, -2.1055f, 0.6784f, -1.2345f, -0.0431f, -1.6047f,
            0.3559f, -0.6866f, -0.4934f, 0.2415f, -1.1109f, 0.0915f, -2.3169f, -0.2168f,
            -0.3097f, -0.3957f, 0.8034f, -0.6216f, -0.5920f, -0.0631f, -0.8286f, 0.3309f,
        ];
        AssertPrinted(n24, Randn(42, 24));

        // torch.manual_seed(42); torch.randn(4, 5) — printed in FlashInfer's sampling docs.
        float[] n20 =
        [
            1.9269f, 1.4873f, 0.9007f, -2.1055f, -0.7581f, 1.0783f, 0.8008f, 1.6806f, 0.3559f, -0.6866f,
            -0.4934f, 0.2415f, -0.2316f, 0.0418f, -0.2516f, 0.8599f, -0.3097f, -0.3957f, 0.8034f, -0.6216f,
        ];
        AssertPrinted(n20, Randn(42, 20));

        // torch.manual_seed(42); nn.Embedding(10, 4).weight (normal_ on 40 elements) — printed in a tutorial.
        float[] n40 =
        [
            1.9269f, 1.4873f, 0.9007f, -2.1055f, 0.6784f, -1.2345f, -0.0431f, -1.6047f,
            -0.7521f, 1.6487f, -0.3925f, -1.4036f, -0.7279f, -0.5594f, -0.7688f, 0.7624f,
            1.6423f, -0.1596f, -0.4974f, 0.4396f, -0.7581f, 1.0783f, 0.8008f, 1.6806f,
            0.0349f, 0.3211f, 1.5736f, -0.8455f, 1.3123f, 0.6872f, -1.0892f, -0.3553f,
            -1.4181f, 0.8963f, 0.0499f, 2.2667f, 1.1790f, -0.4345f, -1.3864f, -1.2862f,
        ];
        AssertPrinted(n40, Randn(42, 40));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(27)]
    [InlineData(729)]
    public void Randn_of_16_or_more_is_Box_Muller_on_blocks_of_float_uniforms(int n)
    {
        var generator = new TorchGenerator(2024);
        TorchGenerator uniforms = generator.Clone();
        var actual = new float[n];
        Makemore.PyTorch.Torch.Randn(generator, actual);

        var d = new float[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = uniforms.NextFloat();
        }

        var expected = new double[n];
        for (int i = 0; i + 16 <= n; i += 16)
        {
            Transform(d, expected, i);
        }

        if (n % 16 != 0)
        {
            for (int i = n - 16; i < n; i++)
            {
                d[i] = uniforms.NextFloat();
            }

            Transform(d, expected, n - 16);
        }

        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-6 * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }

        // Exactly n (+ 16 for a partial block) float draws were consumed.
        Assert.Equal(uniforms.NextUInt32(), generator.NextUInt32());

        static void Transform(float[] d, double[] result, int start)
        {
            for (int j = 0; j < 8; j++)
            {
                double u1 = 1.0 - d[start + j];
                double u2 = d[start + j + 8];
                double r = Math.Sqrt(-2 * Math.Log(u1));
                result[start + j] = r * Math.Cos(2 * Math.PI * u2);
                result[start + j + 8] = r * Math.Sin(2 * Math.PI * u2);
            }
        }
    }

    [Fact]
    public void Randn_of_fewer_than_16_uses_the_generators_cached_normal_pairs()
    {
        var generator = new TorchGenerator(5);
        var reference = new TorchGenerator(5);

        float[] three = new float[3];
        Makemore.PyTorch.Torch.Randn(generator, three);
        float[] one = new float[1];
        Makemore.PyTorch.Torch.Randn(generator, one); // the sine half of the second pair, cached by the previous call

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((float)reference.NextNormal(), three[i]);
        }

        Assert.Equal((float)reference.NextNormal(), one[0]);

        // Two pairs drawn, four 64-bit draws in all; nothing else was consumed.
        Assert.Equal(reference.NextUInt32(), generator.NextUInt32());
    }

    [Fact]
    public void Randn_and_rand_of_nothing_draw_nothing()
    {
        var generator = new TorchGenerator(1);
        var reference = new TorchGenerator(1);

        Makemore.PyTorch.Torch.Randn(generator, Span<float>.Empty);
        Makemore.PyTorch.Torch.Rand(generator, Span<float>.Empty);

        Assert.Equal(reference.NextUInt32(), generator.NextUInt32());
    }

    [Fact]
    public void Rand_and_randn_reject_a_null_generator()
    {
        Assert.Throws<ArgumentNullException>(() => Makemore.PyTorch.Torch.Rand(null!, new float[1]));
        Assert.Throws<ArgumentNullException>(() => Makemore.PyTorch.Torch.Randn(null!, new float[1]));
    }

    internal static float[] Rand(ulong seed, int n)
    {
        var result = new float[n];
        Makemore.PyTorch.Torch.Rand(new TorchGenerator(seed), result);
        return result;
    }

    internal static float[] Randn(ulong seed, int n)
    {
        var result = new float[n];
        Makemore.PyTorch.Torch.Randn(new TorchGenerator(seed), result);
        return result;
    }

    private static void AssertPrinted(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Printed, $"element {i}: PyTorch printed {expected[i]:F4}, got {actual[i]}");
        }
    }
}
