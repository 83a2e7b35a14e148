namespace Makemore.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one model class: where it goes, what it was built from and its tables
/// (<see cref="Bigram"/> for the lecture's dense bigram, <see cref="Tree"/> for every other model) and the list's
/// distinct names packed as a set (<see cref="ListedNames"/>, for <c>SamplingOptions.Novel</c>), all value-equatable.
/// </summary>
internal sealed record ModelSpec(
    string Namespace,
    string ClassName,
    bool IsPublic,
    string FileName,
    int Order,
    string Smoothing,
    string SmoothingDescription,
    string Alphabet,
    int NameCount,
    long TokenCount,
    int ShortestName,
    int LongestName,
    int ShortestSampleLength,
    EquatableArray<byte> AsciiIndex,
    string ListedNames,
    BigramSpec? Bigram,
    TreeSpec? Tree);

/// <summary>The lecture's V×V tables.</summary>
internal sealed record BigramSpec(
    EquatableArray<int> Counts,
    EquatableArray<float> Probabilities,
    EquatableArray<double> LogProbabilities,
    EquatableArray<uint> AliasTable);

/// <summary>A context tree: its slots' and symbols' bytes packed two to a UTF-16 code unit, and where names start.</summary>
internal sealed record TreeSpec(
    uint StartHandle,
    int NodeCount,
    int SlotCount,
    string Slots,
    string Symbols);

/// <summary>The outcome of reading one names file: a model, or the diagnostics that prevent it (never both empty).</summary>
/// <param name="FilePath">The AdditionalFiles item's full path.</param>
/// <param name="Spec">The model, or null when it cannot be built.</param>
/// <param name="Diagnostics">Why not, or warnings.</param>
/// <param name="ClassName">MakemoreModel, or the default class name.</param>
/// <param name="ModelsAtPath">MakemoreModelsAtPath: every item's MakemoreModel for this path, each in brackets, from Makemore.targets.</param>
internal sealed record ModelResult(string FilePath, ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, string ClassName = "", string? ModelsAtPath = null);

/// <summary>A names file chosen as a model, with its settings as they were written (validated when it is read).</summary>
/// <param name="FilePath">The AdditionalFiles item's full path.</param>
/// <param name="FileExists">False when MSBuild found no file at the path (<c>MakemoreFileMissing</c>, set by Makemore.targets).</param>
/// <param name="ClassName">MakemoreModel, or the default class name.</param>
/// <param name="Accessibility">MakemoreAccessibility as written, or null.</param>
/// <param name="Namespace">MakemoreNamespace as written, or null.</param>
/// <param name="RootNamespace">The project's RootNamespace, or null.</param>
/// <param name="Order">MakemoreOrder as written, or null.</param>
/// <param name="Smoothing">MakemoreSmoothing as written, or null.</param>
/// <param name="ModelsAtPath">MakemoreModelsAtPath as Makemore.targets wrote it, or null.</param>
internal sealed record ModelRequest(
    string FilePath,
    bool FileExists,
    string ClassName,
    string? Accessibility,
    string? Namespace,
    string? RootNamespace,
    string? Order,
    string? Smoothing,
    string? ModelsAtPath);
