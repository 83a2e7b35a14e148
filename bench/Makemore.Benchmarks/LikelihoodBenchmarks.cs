using System;
using BenchmarkDotNet.Attributes;

namespace Makemore.Benchmarks;

/// <summary>The lecture's loss over its whole names.txt, the text already in memory.</summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class LikelihoodBenchmarks
{
    private string _text = null!;
    private float[] _probabilities = null!;
    private int[] _index = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = LectureNames.Text;
        _probabilities = NameModel.Probabilities.ToArray();
        _index = new int[128];
        for (int i = 0; i < NameModel.Alphabet.Length; i++)
        {
            _index[NameModel.Alphabet[i]] = i;
        }
    }

    /// <summary>The lecture's loop ported the obvious way: split the text, log of the float P per bigram, summed in double.</summary>
    [Benchmark(Baseline = true, Description = "naive: Split lines, Math.Log(P) per bigram")]
    public double Naive()
    {
        int v = NameModel.VocabularySize;
        double logLikelihood = 0;
        long n = 0;
        foreach (string word in _text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int previous = 0;
            foreach (char c in word + ".")
            {
                int next = c == '.' ? 0 : _index[c];
                logLikelihood += Math.Log(_probabilities[(previous * v) + next]);
                n++;
                previous = next;
            }
        }

        return -logLikelihood / n;
    }

    [Benchmark(Description = "NameModel.AverageNegativeLogLikelihood")]
    public double Generated() => NameModel.AverageNegativeLogLikelihood(_text);
}
