using BenchmarkDotNet.Attributes;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Makemore.NGram;

namespace Makemore.Benchmarks;

/// <summary>
/// Order-n Kneser–Ney models of the lecture's names at orders 2 to 8: one name sampled, the whole file scored
/// (228,146 tokens), and the build the generator would run (count, tune on 10 folds, smooth, lay out the tables).
/// <c>--filter '*NGram*'</c> runs every order (about 10 minutes); BenchmarkDotNet's <c>--anyCategories</c> does not
/// select parameters, so for one order edit <see cref="Order"/>'s values.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class NGramBenchmarks
{
    private readonly char[] _buffer = new char[64];
    private NGramTables _tables = null!;
    private byte[] _ascii = null!;
    private NameList _names = null!;
    private Xoshiro256StarStar _xoshiro;

    [Params(2, 3, 4, 5, 6, 7, 8)]
    public int Order { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _names = NameListParser.Parse(LectureNames.Text);
        KneserNeyParameters parameters = KneserNeyTuner.Tune(_names, Order, out NGramCounts counts);
        _tables = NGramTableBuilder.Build(NGramModel.KneserNey(counts, parameters));
        _ascii = SymbolIndex.BuildAscii(_tables.Alphabet);
        _xoshiro = new Xoshiro256StarStar(2147483647);
    }

    [Benchmark(Baseline = true, Description = "bigram NameModel.Sample, Xoshiro256StarStar (reference on a busy machine)")]
    public int Bigram() => NameModel.Sample(ref _xoshiro, _buffer);

    [Benchmark(Description = "sample one name, Xoshiro256StarStar")]
    public int Sample() => NGramSampler.Sample(ref _xoshiro, NGramTable.From(_tables, _ascii), _buffer);

    [Benchmark(Description = "average NLL over the lecture file")]
    public double Score() => NGramLikelihood.AverageNegativeLogLikelihood(NGramTable.From(_tables, _ascii), LectureNames.Text);

    [Benchmark(Description = "build: count, tune (10 folds), smooth, tables")]
    public int Build()
    {
        KneserNeyParameters parameters = KneserNeyTuner.Tune(_names, Order, out NGramCounts counts);
        return NGramTableBuilder.Build(NGramModel.KneserNey(counts, parameters)).SlotCount;
    }
}
