using System.Threading;
using System;
using BenchmarkDotNet.Attributes;
using Makemore.Bigram;
using Makemore.Generator;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;

namespace Makemore.Benchmarks;

/// <summary>
/// The source generator alone, as the compiler runs it: a fresh <see cref="CSharpGeneratorDriver"/> over a
/// compilation that references the runtime, with one names file as an additional text.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GeneratorBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private AdditionalText _lecture = null!;
    private AdditionalText _oneMillion = null!;
    private AdditionalText _twoMillion = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CSharpCompilation.Create(
            "GeneratorBenchmark",
            [CSharpSyntaxTree.ParseText("namespace Consumer; public static class Marker { }")],
            [
                MetadataReference.CreateFromFile(typeof(object).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(BigramSampler).Assembly.Location),
            ],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _lecture = new InMemoryText("/names/names.txt", LectureNames.Text);
        _oneMillion = new InMemoryText("/synthetic/names.txt", SyntheticNames(1_000_000));
        _twoMillion = new InMemoryText("/synthetic/names.txt", SyntheticNames(2_000_000));
    }

    [Benchmark(Baseline = true, Description = "lecture names.txt (32,033 lines)")]
    public int Lecture() => Run(_lecture);

    [Benchmark(Description = "synthetic, 1,000,000 lines")]
    public int OneMillionLines() => Run(_oneMillion);

    [Benchmark(Description = "synthetic, 2,000,000 lines")]
    public int TwoMillionLines() => Run(_twoMillion);

    private int Run(AdditionalText names)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new MakemoreGenerator())
            .AddAdditionalTexts([names])
            .RunGenerators(_compilation);
        GeneratorDriverRunResult result = driver.GetRunResult();
        if (result.Diagnostics.Length != 0 || result.GeneratedTrees.Length != 1)
        {
            throw new InvalidOperationException($"The generator did not produce one model: {string.Join("; ", result.Diagnostics)}");
        }

        return result.GeneratedTrees[0].Length;
    }

    /// <summary>Names drawn from the compiled model with a fixed seed: the same text on every run, never stored.</summary>
    private static string SyntheticNames(int lines)
    {
        var rng = new Xoshiro256StarStar(12345);
        var text = new char[lines * 12];
        int written = 0;
        int names = 0;
        while (names < lines)
        {
            int before = written;
            names += NameModel.SampleLines(ref rng, text.AsSpan(written), out int chars, maxNameLength: 15);
            written += chars;
            if (written == before)
            {
                Array.Resize(ref text, text.Length * 2);
            }
        }

        // Cut after the requested number of lines; empty names are blank lines, which the parser skips, so replace
        // them with a one-letter name to keep the line count exact.
        var builder = new System.Text.StringBuilder(written + lines);
        int counted = 0;
        int start = 0;
        for (int i = 0; i < written && counted < lines; i++)
        {
            if (text[i] == '\n')
            {
                builder.Append(i == start ? "a" : new string(text, start, i - start)).Append('\n');
                counted++;
                start = i + 1;
            }
        }

        return builder.ToString();
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
