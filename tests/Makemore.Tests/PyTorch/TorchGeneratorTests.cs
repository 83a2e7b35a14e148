using System.Linq;
using System;
using Makemore.Bigram;
using Makemore.PyTorch;
using Xunit;

namespace Makemore.Tests;

/// <summary>The MT19937 engine and ATen's 32/64-bit draws and uniform transforms.</summary>
public sealed class TorchGeneratorTests
{
    [Fact]
    public void Seed_5489_gives_the_reference_MT19937_first_output()
    {
        // Matsumoto & Nishimura's init_genrand(5489), the default seed of C++ std::mt19937.
        var generator = new TorchGenerator(5489);

        Assert.Equal(3499211612u, generator.NextUInt32());
    }

    [Fact]
    public void Seed_5489_gives_the_value_the_CPP_standard_requires_of_the_ten_thousandth_output()
    {
        // [rand.predef]: the 10000th consecutive invocation of a default-constructed std::mt19937 produces 4123659995.
        var generator = new TorchGenerator(5489);
        uint value = 0;
        for (int i = 0; i < 10000; i++)
        {
            value = generator.NextUInt32();
        }

        Assert.Equal(4123659995u, value);
    }

    [Fact]
    public void Only_the_low_32_bits_of_the_seed_reach_the_engine()
    {
        var wide = new TorchGenerator((1UL << 32) + 5489);
        var narrow = new TorchGenerator(5489);

        Assert.Equal((1UL << 32) + 5489, wide.InitialSeed);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(narrow.NextUInt32(), wide.NextUInt32());
        }
    }

    [Fact]
    public void A_64_bit_draw_is_two_32_bit_draws_high_word_first()
    {
        var a = new TorchGenerator(2147483647);
        var b = new TorchGenerator(2147483647);
        for (int i = 0; i < 700; i++) // crosses a 624-word regeneration
        {
            ulong high = b.NextUInt32();
            ulong low = b.NextUInt32();
            Assert.Equal((high << 32) | low, a.NextUInt64());
        }
    }

    [Fact]
    public void Float_uniform_is_the_low_24_bits_of_one_draw_times_two_to_the_minus_24()
    {
        var a = new TorchGenerator(42);
        var b = new TorchGenerator(42);
        for (int i = 0; i < 2000; i++)
        {
            float expected = (b.NextUInt32() & 0xFFFFFF) / 16777216f;
            float actual = a.NextFloat();
            Assert.Equal(expected, actual);
            Assert.InRange(actual, 0f, 1f - (1f / 16777216f));
        }
    }

    [Fact]
    public void Double_uniform_is_the_low_53_bits_of_one_64_bit_draw_times_two_to_the_minus_53()
    {
        var a = new TorchGenerator(42);
        var b = new TorchGenerator(42);
        for (int i = 0; i < 2000; i++)
        {
            double expected = (b.NextUInt64() & ((1UL << 53) - 1)) / 9007199254740992.0;
            double actual = a.NextDouble();
            Assert.Equal(expected, actual);
            Assert.InRange(actual, 0.0, 1.0 - (1.0 / 9007199254740992.0));
        }
    }

    [Fact]
    public void Manual_seed_restarts_the_stream_and_clears_the_cached_normal()
    {
        var generator = new TorchGenerator(7);
        uint first = generator.NextUInt32();
        double firstNormal = new TorchGenerator(7).NextNormal();

        generator.NextNormal(); // leaves the second value of a pair cached
        Assert.Same(generator, generator.ManualSeed(7));

        Assert.Equal(7UL, generator.InitialSeed);
        Assert.Equal(firstNormal, generator.NextNormal());
        generator.ManualSeed(7);
        Assert.Equal(first, generator.NextUInt32());
    }

    [Fact]
    public void Normal_values_come_in_Box_Muller_pairs_from_two_double_uniforms()
    {
        var generator = new TorchGenerator(99);
        var uniforms = generator.Clone();

        double cosine = generator.NextNormal();
        double sine = generator.NextNormal(); // from the cache: draws nothing

        double u1 = uniforms.NextDouble();
        double u2 = uniforms.NextDouble();
        double radius = Math.Sqrt(-2 * Math.Log(1 - u2));
        Assert.Equal(radius * Math.Cos(2 * Math.PI * u1), cosine, 15);
        Assert.Equal(radius * Math.Sin(2 * Math.PI * u1), sine, 15);
        Assert.Equal(uniforms.NextUInt32(), generator.NextUInt32());
    }

    [Fact]
    public void A_clone_continues_with_the_same_values_independently()
    {
        var generator = new TorchGenerator(3);
        generator.NextUInt32();
        generator.NextNormal();
        TorchGenerator clone = generator.Clone();

        Assert.Equal(generator.NextNormal(), clone.NextNormal());
        Assert.Equal(generator.NextUInt64(), clone.NextUInt64());
        clone.NextUInt32();
        Assert.NotEqual(generator.NextUInt32(), clone.NextUInt32());
        Assert.Equal(generator.InitialSeed, clone.InitialSeed);
    }

    [Fact]
    public void The_generator_is_a_random_source_and_drives_the_bigram_sampler()
    {
        LanguageModel model = Bigram.FromText("emma\nolivia\nava\nisabella\nsophia");
        var reference = new TorchGenerator(11);
        Assert.Equal(reference.NextUInt64(), DrawThroughInterface(new TorchGenerator(11)));

        TorchRandomSource a = new TorchGenerator(2147483647).AsRandomSource();
        var b = new TorchRandomSource(new TorchGenerator(2147483647));
        var names = new string[20];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = BigramSampler.Sample(ref a, model.AliasTable, model.Alphabet);
            Assert.Equal(names[i], BigramSampler.Sample(ref b, model.AliasTable, model.Alphabet));
        }

        Assert.True(names.Distinct().Count() > 1, "twenty draws should not all be the same name");
    }

    private static ulong DrawThroughInterface<TRandom>(TRandom source)
        where TRandom : IRandomSource => source.NextUInt64();

    [Fact]
    public void A_default_random_source_fails_clearly()
    {
        TorchRandomSource source = default;

        Assert.Throws<InvalidOperationException>(() => source.NextUInt64());
        Assert.Throws<ArgumentNullException>(() => new TorchRandomSource(null!));
    }
}
