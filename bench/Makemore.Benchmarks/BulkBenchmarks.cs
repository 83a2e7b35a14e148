using System;
using BenchmarkDotNet.Attributes;
using Makemore.Bigram;

namespace Makemore.Benchmarks;

/// <summary>Many names into one 64K-character buffer: the bulk sampler against the single-name path in a loop.</summary>
[MemoryDiagnoser]
[MedianColumn]
[PerNameColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class BulkBenchmarks : INamesPerOperation
{
    private const int BufferLength = 1 << 16;
    private const ulong Seed = 2147483647;
    private readonly char[] _buffer = new char[BufferLength];
    private Xoshiro256StarStar _lines = new(Seed);
    private Xoshiro256StarStar _loop = new(Seed);

    [Benchmark(Baseline = true, Description = "loop of NameModel.Sample + '\\n' (64K chars)")]
    public int SingleNameLoop() => FillWithSingleNames(ref _loop, _buffer);

    [Benchmark(Description = "NameModel.SampleLines, 8 lanes (64K chars)")]
    public int SampleLines() => NameModel.SampleLines(ref _lines, _buffer, out _);

    public double NamesPerOperation(string method)
    {
        var rng = new Xoshiro256StarStar(Seed);
        var buffer = new char[BufferLength];
        long names = 0;
        const int Calls = 200;
        for (int i = 0; i < Calls; i++)
        {
            names += method == nameof(SampleLines) ? NameModel.SampleLines(ref rng, buffer, out _) : FillWithSingleNames(ref rng, buffer);
        }

        return (double)names / Calls;
    }

    /// <summary>The same job with the single-name API: whole names while at least 65 characters remain.</summary>
    private static int FillWithSingleNames(ref Xoshiro256StarStar rng, Span<char> buffer)
    {
        int written = 0;
        int names = 0;
        while (buffer.Length - written > BigramBulkSampler.DefaultMaxNameLength)
        {
            int length = NameModel.Sample(ref rng, buffer.Slice(written, BigramBulkSampler.DefaultMaxNameLength));
            buffer[written + length] = '\n';
            written += length + 1;
            names++;
        }

        return names;
    }
}

/// <summary>About a million names (8M characters): all cores against one.</summary>
[MemoryDiagnoser]
[MedianColumn]
[PerNameColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ParallelBulkBenchmarks : INamesPerOperation
{
    private const int BufferLength = 1 << 23;
    private const ulong Seed = 2147483647;
    private readonly char[] _buffer = new char[BufferLength];
    private Xoshiro256StarStar _single = new(Seed);
    private Xoshiro256StarStar _parallel = new(Seed);

    [Benchmark(Baseline = true, Description = "NameModel.SampleLines, one core (8M chars)")]
    public int OneCore() => NameModel.SampleLines(ref _single, _buffer, out _);

    [Benchmark(Description = "NameModel.SampleLinesParallel, all cores (8M chars)")]
    public int AllCores() => NameModel.SampleLinesParallel(ref _parallel, _buffer, out _);

    public double NamesPerOperation(string method)
    {
        var rng = new Xoshiro256StarStar(Seed);
        var buffer = new char[BufferLength];
        long names = 0;
        const int Calls = 5;
        for (int i = 0; i < Calls; i++)
        {
            names += method == nameof(AllCores) ? NameModel.SampleLinesParallel(ref rng, buffer, out _) : NameModel.SampleLines(ref rng, buffer, out _);
        }

        return (double)names / Calls;
    }
}
