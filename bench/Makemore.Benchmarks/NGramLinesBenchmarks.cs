using System;
using BenchmarkDotNet.Attributes;

namespace Makemore.Benchmarks;

/// <summary>
/// A Kneser–Ney model of the lecture's names filling one 64K-character buffer with whole names: <c>SampleLines</c>
/// against a loop of single names (each drawn into a 64-character slice, as <c>SampleLines</c> without chains side
/// by side fills a buffer); time per name through <see cref="PerNameColumn"/>. <c>--filter '*NGramLines*'</c>; for
/// one order edit <see cref="Order"/>'s values.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[PerNameColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class NGramLinesBenchmarks : INamesPerOperation
{
    private const int BufferLength = 1 << 16;
    private const ulong Seed = 2147483647;
    private readonly char[] _buffer = new char[BufferLength];
    private LanguageModel _model = null!;
    private Xoshiro256StarStar _lines = new(Seed);
    private Xoshiro256StarStar _loop = new(Seed);

    [Params(3, 6, 8)]
    public int Order { get; set; }

    [GlobalSetup]
    public void Setup() => _model = LanguageModel.FromText(LectureNames.Text, Order, Smoothing.KneserNey);

    [Benchmark(Baseline = true, Description = "loop of LanguageModel.Sample + '\\n' (64K chars)")]
    public int SingleNameLoop() => FillWithSingleNames(_model, ref _loop, _buffer);

    [Benchmark(Description = "LanguageModel.SampleLines (64K chars)")]
    public int SampleLines() => _model.SampleLines(ref _lines, _buffer, out _);

    public double NamesPerOperation(string method)
    {
        Setup();
        var rng = new Xoshiro256StarStar(Seed);
        var buffer = new char[BufferLength];
        long names = 0;
        const int Calls = 50;
        for (int i = 0; i < Calls; i++)
        {
            names += method == nameof(SampleLines) ? _model.SampleLines(ref rng, buffer, out _) : FillWithSingleNames(_model, ref rng, buffer);
        }

        return (double)names / Calls;
    }

    /// <summary>The same job with the single-name API: whole names while at least 65 characters remain.</summary>
    private static int FillWithSingleNames(LanguageModel model, ref Xoshiro256StarStar rng, Span<char> buffer)
    {
        int written = 0;
        int names = 0;
        while (buffer.Length - written > ModelTables.DefaultMaxNameLength)
        {
            int length = model.Sample(ref rng, buffer.Slice(written, ModelTables.DefaultMaxNameLength));
            buffer[written + length] = '\n';
            written += length + 1;
            names++;
        }

        return names;
    }
}
