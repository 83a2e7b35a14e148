namespace Makemore.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one model class: where it goes and its tables, all value-equatable.
/// </summary>
internal sealed record ModelSpec(
    string Namespace,
    string ClassName,
    string FileName,
    double Smoothing,
    string Alphabet,
    int NameCount,
    long BigramCount,
    int ShortestName,
    int LongestName,
    int ShortestSampleLength,
    EquatableArray<int> Counts,
    EquatableArray<float> Probabilities,
    EquatableArray<double> LogProbabilities,
    EquatableArray<uint> AliasTable,
    EquatableArray<byte> AsciiIndex);

/// <summary>The outcome of reading one names file: a model, or the diagnostics that prevent it (never both empty).</summary>
internal sealed record ModelResult(string FilePath, ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A names file chosen as a model, with its settings as they were written (validated when it is read).</summary>
internal sealed record ModelRequest(string FilePath, string Namespace, string ClassName, string? Smoothing);
