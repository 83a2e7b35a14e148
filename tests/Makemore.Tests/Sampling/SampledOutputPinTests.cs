using System.Security.Cryptography;
using System.Text;
using System;
using Makemore.Bigram;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Makemore.NGram;
using Makemore.Tests.NGram;
using Makemore.Sampling;
using Xunit;

namespace Makemore.Tests.Sampling;

/// <summary>
/// The samplers' output for fixed seeds, pinned by hash: a change of table layout, lane stepping or vector width
/// must not change which names a seed produces (on every processor: these also run with AVX-512 or AVX2 turned
/// off through DOTNET_EnableAVX512F=0 / DOTNET_EnableAVX2=0).
/// </summary>
public sealed class SampledOutputPinTests
{
    [Fact]
    public void The_span_sampler_draws_the_pinned_names()
    {
        var rng = new Xoshiro256StarStar(1);
        var text = new StringBuilder();
        Span<char> buffer = stackalloc char[64];
        Span<char> tight = stackalloc char[5];
        for (int i = 0; i < 20_000; i++)
        {
            text.Append(buffer[..DefaultNames.Sample(ref rng, buffer)]).Append('\n');
            text.Append(tight[..DefaultNames.Sample(ref rng, tight)]).Append('\n'); // some draws are redrawn
        }

        Assert.Equal("11FEA50A5AB6B7AE", Hash(text.ToString()));
        Assert.Equal(9767526363076515673UL, rng.NextUInt64());
    }

    [Fact]
    public void The_string_sampler_draws_the_pinned_names()
    {
        var random = new Random(2);
        var xoshiro = new Xoshiro256StarStar(2);
        var model = Bigram.FromText(DefaultData.Text, smoothing: 0.5);
        var text = new StringBuilder();
        for (int i = 0; i < 5_000; i++)
        {
            text.Append(DefaultNames.Sample(random)).Append('\n');
            text.Append(model.Sample(random)).Append('\n');
            text.Append(BigramSampler.Sample(ref xoshiro, DefaultAliasTable, DefaultNames.Alphabet)).Append('\n');
        }

        Assert.Equal("AD2A604E15E77788", Hash(text.ToString()));
    }

    [Fact]
    public void The_bulk_samplers_write_the_pinned_lines()
    {
        var rng = new Xoshiro256StarStar(3);
        var text = new StringBuilder();
        foreach (int length in new[] { 1 << 16, 1 << 16, 300, 2081, 100_003 })
        {
            var buffer = new char[length];
            int names = DefaultNames.SampleLines(ref rng, buffer, out int written);
            text.Append(names).Append(':').Append(buffer, 0, written);
        }

        var parallel = new char[(5 * ParallelLines.ChunkLength) + 1234];
        int parallelNames = DefaultNames.SampleLinesParallel(ref rng, parallel, out int parallelWritten);
        text.Append(parallelNames).Append(':').Append(parallel, 0, parallelWritten);

        Assert.Equal("63D6A2C6B3CE376D", Hash(text.ToString()));
        Assert.Equal(13126520555320504063UL, rng.NextUInt64());
    }

    [Fact]
    public void The_context_trees_lines_are_pinned_in_both_formats()
    {
        var counts = NGramCounts.Count(NGramTestModels.Parse(NGramTestModels.SmallList.Value), 4, folds: 5);
        NGramModel model = NGramModel.KneserNeyFromCountOfCounts(counts);
        var rng = new Xoshiro256StarStar(4);
        var text = new StringBuilder();
        foreach (NGramTableFormat format in new[] { NGramTableFormat.Narrow, NGramTableFormat.Wide })
        {
            NGramTables tables = NGramTableBuilder.Build(model, format);
            foreach (int length in new[] { 1 << 16, 300, 2081, 100_003 })
            {
                var buffer = new char[length];
                int names = NGramLines.SampleLines(ref rng, NGramTestModels.Table(tables), buffer, out int written, ModelTables.DefaultMaxNameLength);
                text.Append(names).Append(':').Append(buffer, 0, written);
            }
        }

        Assert.Equal("760F488BA1737292", Hash(text.ToString()));
        Assert.Equal(7666299991009023982UL, rng.NextUInt64());
    }

    private static string Hash(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>The generated model's (private) alias table, as a copy.</summary>
    private static uint[] DefaultAliasTable => DefaultNames.Model.AliasTable.ToArray();
}
