using System;
using BenchmarkDotNet.Attributes;

namespace Makemore.Benchmarks;

/// <summary>One name: the generated model's allocation-free path against the naive port of the lecture's loop.</summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class SingleNameBenchmarks
{
    private const int Seed = 2147483647;
    private readonly char[] _buffer = new char[64];
    private NaiveSampler _naive = null!;
    private Random _seededRandom = null!;
    private Random _unseededRandom = null!;
    private Xoshiro256StarStar _xoshiro;
    private SystemRandomSource _system;

    [GlobalSetup]
    public void Setup()
    {
        _naive = new NaiveSampler(NameModel.Probabilities, NameModel.Alphabet);
        _seededRandom = new Random(Seed);
        _unseededRandom = new Random();
        _xoshiro = new Xoshiro256StarStar(Seed);
        _system = new SystemRandomSource(new Random(Seed));
    }

    [Benchmark(Baseline = true, Description = "naive: Random(seed), linear scan of P, StringBuilder")]
    public string Naive() => _naive.Sample(_seededRandom);

    [Benchmark(Description = "naive: new Random() (xoshiro inside)")]
    public string NaiveUnseeded() => _naive.Sample(_unseededRandom);

    [Benchmark(Description = "NameModel.Sample, Xoshiro256StarStar")]
    public int Xoshiro() => NameModel.Sample(ref _xoshiro, _buffer);

    [Benchmark(Description = "NameModel.Sample, SystemRandomSource(Random(seed))")]
    public int SystemRandom() => NameModel.Sample(ref _system, _buffer);
}
