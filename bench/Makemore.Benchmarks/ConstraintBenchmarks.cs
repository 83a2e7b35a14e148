using BenchmarkDotNet.Attributes;

namespace Makemore.Benchmarks;

/// <summary>
/// One name drawn under each <see cref="SamplingOptions"/> against the plain draw of the same model, for the
/// lecture's names at order 2 (the lecture's bigram, additive α = 1) and order 6 (Kneser–Ney, self-tuned): what
/// each constraint costs per name. Every draw writes into a reused span (0 B once the options are bound).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class ConstraintBenchmarks
{
    private readonly char[] _buffer = new char[64];
    private LanguageModel _model = null!;
    private Xoshiro256StarStar _xoshiro;
    private SamplingOptions _prefix = null!;
    private SamplingOptions _lengths = null!;
    private SamplingOptions _novel = null!;
    private SamplingOptions _temperature = null!;
    private SamplingOptions _all = null!;
    private string[] _probes = null!;
    private int _probe;

    [Params(2, 6)]
    public int Order { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = LanguageModel.FromText(LectureNames.Text, Order);
        _xoshiro = new Xoshiro256StarStar(2147483647);
        _prefix = new SamplingOptions { Prefix = "ka" };
        _lengths = new SamplingOptions { MinLength = 4, MaxLength = 8 };
        _novel = new SamplingOptions { Novel = true };
        _temperature = new SamplingOptions { Temperature = 0.8 };
        _all = new SamplingOptions { Prefix = "ka", MinLength = 4, MaxLength = 8, Novel = true, Temperature = 0.8 };
        foreach (SamplingOptions options in new[] { _prefix, _lengths, _novel, _temperature, _all })
        {
            _model.Sample(ref _xoshiro, _buffer, options); // bind the options: the setup work is not a draw
        }

        // Lookups in the list's set: half the probes are the model's own draws (about half of those are copies).
        var probes = new string[1024];
        for (int i = 0; i < probes.Length; i++)
        {
            probes[i] = _model.Sample(ref _xoshiro);
        }

        _probes = probes;
    }

    [Benchmark(Baseline = true, Description = "no options")]
    public int Plain() => _model.Sample(ref _xoshiro, _buffer);

    [Benchmark(Description = "prefix \"ka\"")]
    public int Prefix() => _model.Sample(ref _xoshiro, _buffer, _prefix);

    [Benchmark(Description = "length 4 to 8")]
    public int Lengths() => _model.Sample(ref _xoshiro, _buffer, _lengths);

    [Benchmark(Description = "novel")]
    public int Novel() => _model.Sample(ref _xoshiro, _buffer, _novel);

    [Benchmark(Description = "temperature 0.8")]
    public int Temperature() => _model.Sample(ref _xoshiro, _buffer, _temperature);

    [Benchmark(Description = "all: \"ka\", 4 to 8, novel, T 0.8")]
    public int All() => _model.Sample(ref _xoshiro, _buffer, _all);

    [Benchmark(Description = "20 unique names, per call")]
    public int Unique20() => _model.SampleUnique(ref _xoshiro, 20, SamplingOptions.None).Length;

    [Benchmark(Description = "ContainsName (a sampled name)")]
    public bool Contains() => _model.ContainsName(_probes[_probe++ & 1023]);
}
