using System;
using System.Linq;
using Makemore.Tests.Statistics;
using Makemore.Transformers;
using Xunit;

namespace Makemore.Tests.Transformers;

/// <summary>
/// <c>SampleLinesParallel</c> on a transformer: fixed chunks, each from its own jump of the generator, on the threads
/// the caller allows, so that the names depend on the seed alone; each chunk allocates nothing once its thread has its
/// workspace.
/// </summary>
public sealed class TransformerParallelLinesTests
{
    private const string Symbols = ".abcde";

    private static LanguageModel Model => LanguageModel.FromWeights(TrainedModels.TinyFile);

    private static string Fill(LanguageModel model, int length, int threads, int maxNameLength = ModelTables.DefaultMaxNameLength)
    {
        var generator = new Xoshiro256StarStar(31);
        var buffer = new char[length];
        int names = model.SampleLinesParallel(ref generator, buffer, out int written, maxNameLength, threads);
        string text = new(buffer, 0, written);
        Assert.Equal(names, text.Count(c => c == '\n'));
        return text;
    }

    [Theory]
    [InlineData(ModelTables.DefaultMaxNameLength)]
    [InlineData(3)]
    public void The_fill_is_each_chunk_filled_from_its_own_jump_whatever_the_threads(int maxNameLength)
    {
        LanguageModel model = Model;
        int length = (3 * TransformerChunkFiller.ChunkLength) + 500;

        // What the contract says it is: chunk k from the generator jumped k times, then the room left from one more jump.
        var expected = new System.Text.StringBuilder();
        var jumped = new Xoshiro256StarStar(31);
        var chunk = new char[TransformerChunkFiller.ChunkLength];
        int chunks = (length + TransformerChunkFiller.ChunkLength - 1) / TransformerChunkFiller.ChunkLength;
        for (int k = 0; k < chunks; k++)
        {
            var own = jumped;
            int size = Math.Min(TransformerChunkFiller.ChunkLength, length - (k * TransformerChunkFiller.ChunkLength));
            int chars = 0;
            if (size > maxNameLength)
            {
                model.SampleLines(ref own, chunk.AsSpan(0, size), out chars, maxNameLength);
            }

            expected.Append(chunk, 0, chars);
            jumped.Jump();
        }

        var tail = new char[length - expected.Length];
        var last = jumped;
        int tailChars = 0;
        if (tail.Length > maxNameLength)
        {
            model.SampleLines(ref last, tail, out tailChars, maxNameLength);
        }

        expected.Append(tail, 0, tailChars);

        string one = Fill(model, length, 1, maxNameLength);
        Assert.Equal(expected.ToString(), one);
        Assert.Equal(one, Fill(model, length, 2, maxNameLength));
        Assert.Equal(one, Fill(model, length, -1, maxNameLength));
        Assert.All(one.Split('\n')[..^1], n => Assert.True(n.Length <= maxNameLength, n));
    }

    [Fact]
    public void The_parallel_names_follow_the_model()
    {
        LanguageModel model = Model;
        string[] names = Fill(model, 8 * TransformerChunkFiller.ChunkLength, 2).Split('\n')[..^1];
        Assert.True(names.Length > 5_000, $"{names.Length}");

        var observed = new long[Symbols.Length];
        foreach (string name in names)
        {
            observed[name.Length == 0 ? 0 : Symbols.IndexOf(name[0], StringComparison.Ordinal)]++;
        }

        double[] expected = Symbols.Select(c => model.Probability(string.Empty, c)).ToArray();
        (double statistic, double pValue) = ChiSquare.Test(observed, expected);
        Assert.True(pValue >= ChiSquare.RejectBelow, $"χ² = {statistic:F1}, p = {pValue:G3}");
    }

    [Fact]
    public void A_chunk_allocates_nothing_once_its_thread_has_a_workspace()
    {
        LanguageModel model = Model;
        var filler = new TransformerChunkFiller(model.Transformer!);
        var chunk = new char[2_000];
        var random = new Xoshiro256StarStar(32);
        int names = 0;
        long allocated = Allocations.Measure(() => names = filler.Fill(ref random, chunk, ModelTables.DefaultMaxNameLength, out _), warmUp: 3);

        Assert.True(names > 100, $"{names}");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Bad_arguments_are_refused_as_the_count_models_refuse_them()
    {
        LanguageModel model = Model;
        var random = new Xoshiro256StarStar(33);

        Assert.Throws<ArgumentOutOfRangeException>(() => model.SampleLinesParallel(ref random, new char[100], out _, maxDegreeOfParallelism: 0));
        Assert.Throws<ArgumentException>(() => model.SampleLinesParallel(ref random, new char[10], out _, maxNameLength: 20));
    }
}
