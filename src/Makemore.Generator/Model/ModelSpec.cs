namespace Makemore.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one model class: where it goes, what it was built from, its statistics and
/// its recipe (<see cref="Makemore.Modeling.Planning.ModelRecipe"/>: the plan made at build time and the names), all value-equatable.
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
    bool IsDenseBigram,
    string Recipe,
    NeuralSpec? Neural = null);

/// <summary>
/// A transformer's weights file, checked, as the emitter writes it: its shape and its bytes (as base64, compared as one
/// string), and the names list MakemoreNames pairs it with, if any: its names one a line, checked over the weights' alphabet.
/// </summary>
internal sealed record NeuralSpec(
    int Layers,
    int Heads,
    int Embedding,
    int Context,
    int ParameterCount,
    string ElementType,
    string Description,
    string Base64,
    string? Names = null,
    string NamesFileName = "");

/// <summary>The outcome of reading one names file: a model, the diagnostics that prevent it, or a model and a report (its pruning).</summary>
/// <param name="FilePath">The AdditionalFiles item's full path.</param>
/// <param name="Spec">The model, or null when it cannot be built.</param>
/// <param name="Diagnostics">Why not, or warnings and reports.</param>
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
/// <param name="MaxTableBytes">MakemoreMaxTableBytes as written, or null.</param>
/// <param name="ModelsAtPath">MakemoreModelsAtPath as Makemore.targets wrote it, or null.</param>
/// <param name="IsWeights">Whether the item is a transformer's weights file (its name ends in .weights), as Makemore.targets passes it: base64 text of the file at <paramref name="FilePath"/>.</param>
/// <param name="Names">MakemoreNames as written, or null: the names list a transformer's weights are paired with.</param>
/// <param name="NamesFile">MakemoreNamesFile: the list's full path, as Makemore.targets resolved it, or null.</param>
internal sealed record ModelRequest(
    string FilePath,
    bool FileExists,
    string ClassName,
    string? Accessibility,
    string? Namespace,
    string? RootNamespace,
    string? Order,
    string? Smoothing,
    string? MaxTableBytes,
    string? ModelsAtPath,
    bool IsWeights = false,
    string? Names = null,
    string? NamesFile = null);
