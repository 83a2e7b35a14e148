using BenchmarkDotNet.Attributes;
using Makemore.Training;

namespace Makemore.Benchmarks;

/// <summary>One full-batch gradient step of the lecture's network on its whole names.txt.</summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class TrainingBenchmarks
{
    private BigramTrainer _perExample = null!;
    private BigramTrainer _perExampleOneThread = null!;
    private BigramTrainer _grouped = null!;

    [GlobalSetup]
    public void Setup()
    {
        _perExample = new BigramTrainer(LectureNames.Text, new TrainerOptions { Gradient = TrainerGradient.PerExample });
        _perExampleOneThread = new BigramTrainer(
            LectureNames.Text, new TrainerOptions { Gradient = TrainerGradient.PerExample, MaxDegreeOfParallelism = 1 });
        _grouped = new BigramTrainer(LectureNames.Text, new TrainerOptions { Gradient = TrainerGradient.Grouped });
    }

    [Benchmark(Baseline = true, Description = "BigramTrainer.Step, PerExample")]
    public double PerExample() => _perExample.Step();

    /// <summary>
    /// The per-example kernels alone, without the thread hand-off: on a 2-core machine shared with other work,
    /// the 2-thread figure measures mostly whether the second core was free.
    /// </summary>
    [Benchmark(Description = "BigramTrainer.Step, PerExample, 1 thread")]
    public double PerExampleOneThread() => _perExampleOneThread.Step();

    [Benchmark(Description = "BigramTrainer.Step, Grouped")]
    public double Grouped() => _grouped.Step();
}
