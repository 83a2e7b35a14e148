using BenchmarkDotNet.Attributes;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Planning;

namespace Makemore.Benchmarks;

/// <summary>
/// The two halves of a generated model's cost on the lecture's names: the generator's model work at build time
/// (parse, then <see cref="ModelPlan.Make"/>: Kneser–Ney tuning on 10 folds and the size budget's measure), and the
/// first use at run time (<see cref="LanguageModel.FromRecipe"/>: read the recipe, parse, count, smooth, lay out the
/// tables), here in a warm process; a fresh process adds its JIT (bench/builds/lecture-orders.sh measures that).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ModelRecipeBenchmarks
{
    private string _recipe = null!;

    [Params(2, 4, 6, 8)]
    public int Order { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        NameList names = NameListParser.Parse(LectureNames.Text);
        ModelPlan plan = ModelPlan.Make(names, ModelSettings.Default(Order), ModelPlan.DefaultMaxTableBytes, out _);
        _recipe = ModelRecipe.Write(names, plan, "benchmark");
    }

    [Benchmark(Description = "build time: parse + ModelPlan.Make (the generator's model work)")]
    public int Plan() =>
        ModelPlan.Make(NameListParser.Parse(LectureNames.Text), ModelSettings.Default(Order), ModelPlan.DefaultMaxTableBytes, out _).Settings.Order;

    [Benchmark(Description = "first use: LanguageModel.FromRecipe")]
    public long FirstUse() => LanguageModel.FromRecipe(_recipe).TableBytes;
}
