using BenchmarkDotNet.Attributes;
using Makemore.Lecture;
using Makemore.Transformers;
using Makemore.Training.Transformer;

namespace Makemore.Benchmarks;

/// <summary>
/// The transformer's inference on one core, one name at a time: matrix–vector products, the key/value cache in a
/// reused buffer; and one name's score.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class TransformerNameBenchmarks
{
    private TransformerModel _model = null!;
    private float[] _workspace = [];
    private char[] _name = [];
    private Xoshiro256StarStar _random;

    [GlobalSetup]
    public void Setup()
    {
        // The model as LanguageModel.FromWeights keeps it: float16 files decoded to float32 once.
        _model = LanguageModel.FromWeights(TransformerWeightsFile.Read()).Transformer!;
        TransformerWeights weights = _model.Weights;
        _workspace = new float[TransformerWorkspace.Length(weights.Layout)];
        _name = new char[weights.LongestName];
        _random = new Xoshiro256StarStar(2147483647);
    }

    [Benchmark(Description = "one name: Sample")]
    public int OneName() => TransformerInference.Sample(_model.Weights, ref _random, _name, 1.0, _workspace);

    [Benchmark(Description = "one name's NLL (\"emma\")")]
    public double Score() => TransformerInference.NegativeLogLikelihood(_model.Weights, "emma", _workspace);
}

/// <summary>
/// The transformer's batch sampler on one core: 240 names, <see cref="Slots"/> of them advanced together through
/// each pass (matrix–matrix products, the weights read once per step for all of them).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[PerNameColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class TransformerBatchBenchmarks : INamesPerOperation
{
    private const int BatchNames = 240;
    private TransformerModel _model = null!;
    private float[] _workspace = [];
    private char[] _lines = [];
    private Xoshiro256StarStar _random;

    [Params(8, 24, 48)]
    public int Slots { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = LanguageModel.FromWeights(TransformerWeightsFile.Read()).Transformer!;
        TransformerWeights weights = _model.Weights;
        _workspace = new float[TransformerWorkspace.Length(weights.Layout, Slots)];
        _lines = new char[BatchNames * (weights.LongestName + 1)];
        _random = new Xoshiro256StarStar(2147483647);
    }

    [Benchmark(Description = "240 names: SampleLines")]
    public int Batch() => TransformerBatchSampler.SampleLines(_model.Weights, ref _random, _lines, BatchNames, 1.0, Slots, _workspace, out _);

    public double NamesPerOperation(string method) => BatchNames;
}

/// <summary>
/// One optimisation step of makemore.py's transformer (4 layers, 4 heads, embedding 64) on the lecture's train part:
/// forward, backward and AdamW over a batch, split over the given threads. Names per second = batch / time.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class TransformerTrainingBenchmarks
{
    private TransformerTrainer _trainer = null!;

    [Params(32, 64)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var split = LectureSplit.FromText(LectureNames.Text);
        _trainer = new TransformerTrainer(split.Train, split.Dev, null, new TransformerOptions { BatchSize = Batch, Threads = Threads, Steps = 1_000_000, WarmupSteps = 1000 });
        for (int i = 0; i < 20; i++)
        {
            _trainer.StepOnce();
        }
    }

    [Benchmark(Description = "one training step")]
    public double Step() => _trainer.StepOnce();
}
