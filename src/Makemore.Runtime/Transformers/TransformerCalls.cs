using System;
using Makemore.Sampling;
using Makemore.Symbols;

namespace Makemore.Transformers;

/// <summary>
/// The calls of <see cref="ModelTables"/> on a transformer: the inference kernels with this thread's workspace
/// (<see cref="TransformerWorkspace.ForThisThread"/>: allocated at the thread's first call, then reused, so that a
/// name costs no allocation after the first).
/// </summary>
internal static class TransformerCalls
{
    /// <summary>One name as a string (the only allocation: the string).</summary>
    public static string SampleString<TRandom>(ref TRandom random, in TransformerWeights w, double temperature = 1)
        where TRandom : struct, IRandomSource
    {
        // A name has at most context − 1 characters, so a buffer that long never makes a draw start again.
        int longest = w.LongestName;
        Span<char> buffer = longest <= 256 ? stackalloc char[256] : new char[longest];
        int length = TransformerInference.Sample(w, ref random, buffer, temperature, Workspace(w));
        return new string(buffer.Slice(0, length));
    }

    /// <summary>One name into a span (a name that does not fit is drawn again).</summary>
    public static int Sample<TRandom>(ref TRandom random, in TransformerWeights w, Span<char> destination)
        where TRandom : struct, IRandomSource =>
        TransformerInference.Sample(w, ref random, destination, 1, Workspace(w));

    /// <summary>
    /// Whole names and '\n's while more than <paramref name="maxNameLength"/> characters remain: several names a step
    /// (<see cref="TransformerBatchSampler"/>) when no name can be longer than the limit, else one at a time, a name
    /// longer than the limit drawn again.
    /// </summary>
    public static int SampleLines<TRandom>(ref TRandom random, in TransformerWeights w, Span<char> destination, out int charsWritten, int maxNameLength)
        where TRandom : struct, IRandomSource
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxNameLength);
        SpanSampling.CheckLineDestination(destination.Length, maxNameLength, nameof(destination));
        if (maxNameLength >= w.LongestName)
        {
            int slots = TransformerBatchSampler.DefaultSlots;
            Span<float> workspace = TransformerWorkspace.ForThisThread(TransformerWorkspace.Length(w.Layout, slots));
            return TransformerBatchSampler.SampleLines(w, ref random, destination, int.MaxValue, 1, slots, workspace, out charsWritten);
        }

        Span<float> one = Workspace(w);
        int written = 0;
        int names = 0;
        while (destination.Length - written > maxNameLength)
        {
            int length = TransformerInference.Sample(w, ref random, destination.Slice(written, maxNameLength), 1, one);
            destination[written + length] = '\n';
            written += length + 1;
            names++;
        }

        charsWritten = written;
        return names;
    }

    /// <summary>
    /// Fixed chunks of the buffer, each filled by <see cref="SampleLines"/> from its own jump of the generator on as
    /// many threads as allowed (<see cref="ParallelLines"/>, as the count models do): the names depend on the generator,
    /// the buffer's length and the limit only, not on the number of threads.
    /// </summary>
    public static int SampleLinesParallel(ref Xoshiro256StarStar random, TransformerModel model, Memory<char> destination, out int charsWritten, int maxNameLength, int maxDegreeOfParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxNameLength);
        SpanSampling.CheckLineDestination(destination.Length, maxNameLength, nameof(destination));
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use −1 or a positive number of threads.");
        }

        return ParallelLines.Fill(ref random, new TransformerChunkFiller(model), destination, TransformerChunkFiller.ChunkLength, maxNameLength, maxDegreeOfParallelism, out charsWritten);
    }

    /// <summary>−Σ ln P over the name's symbols and its end.</summary>
    public static double NegativeLogLikelihood(in TransformerWeights w, ReadOnlySpan<char> name) =>
        TransformerInference.NegativeLogLikelihood(w, name, Workspace(w));

    /// <summary>The total NLL of the names of <paramref name="text"/>, one per line, over their symbols and ends.</summary>
    public static double AverageNegativeLogLikelihood(in TransformerWeights w, ReadOnlySpan<char> text)
    {
        Span<float> workspace = Workspace(w);
        double total = 0;
        long tokens = 0;
        var names = new NameLines(text);
        while (names.MoveNext())
        {
            ReadOnlySpan<char> name = names.Current;
            for (int i = 0; i < name.Length; i++)
            {
                TransformerInference.SymbolOf(w, name[i], names.Offset + i, nameof(text));
            }

            total += TransformerInference.NegativeLogLikelihood(w, name, workspace);
            tokens += name.Length + 1;
        }

        if (tokens == 0)
        {
            throw NameLines.NoNames(nameof(text));
        }

        return total / tokens;
    }

    /// <summary>P(next | prefix).</summary>
    public static double Probability(in TransformerWeights w, ReadOnlySpan<char> prefix, char next) =>
        TransformerInference.Probability(w, prefix, next, Workspace(w));

    /// <summary>This thread's workspace for one name.</summary>
    public static Span<float> Workspace(in TransformerWeights w) => TransformerWorkspace.ForThisThread(TransformerWorkspace.Length(w.Layout));
}
