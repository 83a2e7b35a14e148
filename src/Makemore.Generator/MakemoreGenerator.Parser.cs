using System.Globalization;
using System.IO;
using System.Threading;
using System;
using Makemore.Generator.Model;
using Makemore.Modeling.Neural;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Planning;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;

namespace Makemore.Generator;

public sealed partial class MakemoreGenerator
{
    private const string MetadataPrefix = "build_metadata.AdditionalFiles.";
    private const string RootNamespaceProperty = "build_property.RootNamespace";

    /// <summary>The namespace of an internal model unless <c>MakemoreNamespace</c> says otherwise.</summary>
    /// <remarks>
    /// An internal model is the project's own business, so it lives where <c>using Makemore;</c> finds it, even
    /// from top-level statements (which are in the global namespace); being internal, it cannot collide with
    /// another assembly's. A public model is part of a library's API, so it lives in the library's RootNamespace.
    /// </remarks>
    public const string InternalNamespace = "Makemore";

    /// <summary>Decides whether an additional file is a model, and with what settings (read, not yet checked).</summary>
    private static ModelRequest? CreateRequest(AdditionalText file, AnalyzerConfigOptionsProvider options)
    {
        AnalyzerConfigOptions fileOptions = options.GetOptions(file);
        string? className = Metadata(fileOptions, "MakemoreModel");
        bool isDefault = string.Equals(Path.GetFileName(file.Path), DefaultFileName, StringComparison.OrdinalIgnoreCase);
        if (className is null && !isDefault)
        {
            return null;
        }

        options.GlobalOptions.TryGetValue(RootNamespaceProperty, out string? rootNamespace);

        // Makemore.targets passes a weights file as base64 text in obj/, naming the file itself in MakemoreWeightsFile:
        // diagnostics point at that file. A .weights path that reaches the generator as it is was not converted (MM0029).
        string? weightsFile = Metadata(fileOptions, "MakemoreWeightsFile");
        bool isWeights = weightsFile is not null || file.Path.EndsWith(NeuralFormat.Extension, StringComparison.OrdinalIgnoreCase);
        return new ModelRequest(
            weightsFile ?? file.Path,
            FileExists: !string.Equals(Metadata(fileOptions, "MakemoreFileMissing"), "true", StringComparison.OrdinalIgnoreCase),
            className ?? DefaultClassName,
            Metadata(fileOptions, "MakemoreAccessibility"),
            Metadata(fileOptions, "MakemoreNamespace"),
            rootNamespace?.Trim(),
            Metadata(fileOptions, "MakemoreOrder"),
            Metadata(fileOptions, "MakemoreSmoothing"),
            Metadata(fileOptions, "MakemoreMaxTableBytes"),
            Metadata(fileOptions, "MakemoreModelsAtPath"),
            isWeights,
            Metadata(fileOptions, "MakemoreNames"),
            Metadata(fileOptions, "MakemoreNamesFile"));
    }

    /// <summary>An item metadata value, trimmed; null when absent or blank (MSBuild passes unset metadata as empty).</summary>
    private static string? Metadata(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue(MetadataPrefix + name, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Reads, parses, counts and normalises one names file. Never throws: failures become diagnostics.</summary>
    private static ModelResult ReadModel(AdditionalText file, ModelRequest request, CancellationToken cancellationToken)
    {
        string fileName = Path.GetFileName(request.FilePath);
        try
        {
            bool isPublic;
            switch (request.Accessibility?.ToUpperInvariant())
            {
                case null or "INTERNAL":
                    isPublic = false;
                    break;
                case "PUBLIC":
                    isPublic = true;
                    break;
                default:
                    return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.InvalidAccessibility, request.FilePath, fileName, request.Accessibility!));
            }

            string ns;
            if (request.Namespace is { } chosen)
            {
                ns = chosen == "global" ? string.Empty : chosen;
                if (CSharpNames.NamespaceProblem(ns) is { } problem)
                {
                    return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.InvalidNamespace, request.FilePath, fileName, chosen, problem));
                }
            }
            else if (isPublic)
            {
                ns = request.RootNamespace ?? string.Empty;
                if (CSharpNames.NamespaceProblem(ns) is { } problem)
                {
                    return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.InvalidRootNamespace, request.FilePath, fileName, ns, request.ClassName, problem));
                }
            }
            else
            {
                ns = InternalNamespace;
            }

            // Checked once the namespace is known: System and Makemore are fine as class names except in the global namespace.
            if (CSharpNames.ClassNameProblem(request.ClassName, ns) is { } classProblem)
            {
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.InvalidClassName, request.FilePath, fileName, request.ClassName, classProblem));
            }

            if (request.IsWeights)
            {
                return ReadWeights(file, request, ns, isPublic, fileName, cancellationToken);
            }

            int order = ModelSettings.DefaultOrder;
            if (request.Order is { } writtenOrder && !ModelSettings.TryParseOrder(writtenOrder, out order))
            {
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.InvalidOrder, request.FilePath, fileName, writtenOrder));
            }

            ModelSettings settings = ModelSettings.Default(order);
            if (request.Smoothing is { } written && !ModelSettings.TryParseSmoothing(written, order, out settings))
            {
                string reason = ModelSettings.Underflows(written) ? DiagnosticDescriptors.SmoothingUnderflows : DiagnosticDescriptors.SmoothingInvalid;
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.InvalidSmoothing, request.FilePath, fileName, written, reason));
            }

            long maxTableBytes = ModelPlan.DefaultMaxTableBytes;
            if (request.MaxTableBytes is { } writtenBudget && !TryParseBytes(writtenBudget, out maxTableBytes))
            {
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.InvalidMaxTableBytes, request.FilePath, fileName, writtenBudget));
            }

            if (!request.FileExists)
            {
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.FileNotFound, request.FilePath, fileName, request.FilePath, "AdditionalFiles"));
            }

            SourceText? text = file.GetText(cancellationToken);
            if (text is null)
            {
                // The compiler could not open or decode it (the path exists: a missing one is caught above).
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.UnreadableFile, request.FilePath, fileName, request.FilePath));
            }

            cancellationToken.ThrowIfCancellationRequested();
            NameList names = NameListParser.Parse(text.ToString());
            if (!names.IsValid)
            {
                return new ModelResult(request.FilePath, null, new EquatableArray<DiagnosticInfo>(Locate(names, request.FilePath, fileName, text)));
            }

            // The build-time work is the plan (Kneser–Ney's tuning on held-out folds); the tables are laid out from
            // it and the names on the class's first use, by the runtime's copy of the same code.
            ModelPlan plan;
            try
            {
                plan = ModelPlan.Make(names, settings, maxTableBytes, out _);
            }
            catch (ModelTooLargeException tooLarge)
            {
                return Failed(request, DiagnosticInfo.ForFile(
                    DiagnosticDescriptors.TooLarge, request.FilePath, fileName, Int(order), Long(tooLarge.SmallestBytes), Long(maxTableBytes)));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var spec = new ModelSpec(
                ns,
                request.ClassName,
                isPublic,
                SingleLine(fileName),
                order,
                Smoothing(settings),
                settings.Describe(),
                names.Alphabet,
                names.Count,
                names.TokenCount,
                names.ShortestName,
                names.LongestName,
                settings.IsDenseBigram && names.Alphabet.Length <= BigramModelData.MaxSymbols,
                ModelRecipe.Write(names, plan, GeneratorVersion));
            EquatableArray<DiagnosticInfo> report = plan.IsBigramFallback
                ? new EquatableArray<DiagnosticInfo>([DiagnosticInfo.ForFile(DiagnosticDescriptors.OneName, request.FilePath, fileName, Int(order))])
                : plan.Pruning is { } pruning
                ? new EquatableArray<DiagnosticInfo>([DiagnosticInfo.ForFile(
                    DiagnosticDescriptors.Pruned, request.FilePath, fileName, Int(order), Long(pruning.UnprunedBytes), Long(maxTableBytes), pruning.Describe(), Long(pruning.Bytes),
                    double.IsNaN(pruning.HeldOutCost) ? string.Empty : "; the held-out NLL on the list's own folds rose by " + pruning.HeldOutCost.ToString("0.0000", CultureInfo.InvariantCulture) + " nats per symbol")])
                : default;
            return new ModelResult(request.FilePath, spec, WithNamesIgnored(report, request, fileName));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.UnexpectedError, request.FilePath, fileName, Describe(exception)));
        }
    }

    /// <summary>
    /// Reads and checks a transformer's weights file, passed by Makemore.targets as base64 text: the whole file is
    /// validated here (format, shape, alphabet, checksum, every weight finite), so that the generated class holds
    /// weights its library reads, and each problem is a located diagnostic of its own.
    /// </summary>
    private static ModelResult ReadWeights(AdditionalText file, ModelRequest request, string ns, bool isPublic, string fileName, CancellationToken cancellationToken)
    {
        if (!request.FileExists)
        {
            return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.FileNotFound, request.FilePath, fileName, request.FilePath, "AdditionalFiles"));
        }

        if (string.Equals(file.Path, request.FilePath, StringComparison.Ordinal))
        {
            return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.UnconvertedWeights, request.FilePath, fileName, "no MakemoreWeightsFile metadata"));
        }

        SourceText? text = file.GetText(cancellationToken);
        if (text is null)
        {
            return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.UnreadableFile, request.FilePath, fileName, file.Path));
        }

        string converted = text.ToString();
        int namesSection = NamesSection(converted);
        if (request.Names is not null && namesSection < 0)
        {
            return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.UnconvertedWeights, request.FilePath, fileName, "MakemoreNames is set, but '" + file.Path + "' holds no names list"));
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(namesSection < 0 ? converted : converted.Substring(0, namesSection));
        }
        catch (FormatException)
        {
            return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.UnconvertedWeights, request.FilePath, fileName, "'" + file.Path + "' is not base64 text"));
        }

        cancellationToken.ThrowIfCancellationRequested();
        NeuralWeightsError error = NeuralWeightsReader.Validate(bytes, out NeuralHeader header);
        if (!error.IsNone)
        {
            DiagnosticDescriptor descriptor = error.Kind switch
            {
                NeuralWeightsErrorKind.NotAWeightsFile => DiagnosticDescriptors.NotAWeightsFile,
                NeuralWeightsErrorKind.Truncated => DiagnosticDescriptors.TruncatedWeights,
                NeuralWeightsErrorKind.NewerVersion => DiagnosticDescriptors.NewerWeights,
                _ => DiagnosticDescriptors.DamagedWeights,
            };
            return Failed(request, DiagnosticInfo.ForFile(descriptor, request.FilePath, fileName, error.Message));
        }

        NeuralLayout layout = header.Layout;
        string alphabet = NeuralWeightsReader.ReadAlphabet(bytes, header);
        NameList? names = null;
        if (request.Names is not null)
        {
            DiagnosticInfo[] problems = ReadPairedNames(converted.Substring(namesSection), request, alphabet, out names);
            if (names is null)
            {
                return new ModelResult(request.FilePath, null, new EquatableArray<DiagnosticInfo>(problems));
            }
        }

        var neural = new NeuralSpec(
            layout.Layers,
            layout.Heads,
            layout.Embedding,
            layout.Context,
            layout.ParameterCount,
            header.ElementType == NeuralElementType.Float16 ? "float16" : "float32",
            NeuralWeightsReader.ReadDescription(bytes, header),
            Convert.ToBase64String(bytes),
            names is null ? null : NamesText(names),
            names is null ? string.Empty : SingleLine(Path.GetFileName(request.NamesFile ?? request.Names!)));
        var spec = new ModelSpec(
            ns,
            request.ClassName,
            isPublic,
            SingleLine(fileName),
            layout.Context,
            string.Empty,
            "transformer",
            alphabet,
            names?.Count ?? 0,
            names?.TokenCount ?? 0,
            names?.ShortestName ?? 0,
            names?.LongestName ?? layout.Context - 1,
            false,
            string.Empty,
            neural);
        return new ModelResult(request.FilePath, spec, default);
    }

    /// <summary>A byte count as MakemoreMaxTableBytes writes it: digits, optionally followed by KB, MB or GB (powers of 1024, any case).</summary>
    private static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        string trimmed = text.Trim();
        long unit = 1;
        foreach ((string suffix, long factor) in new[] { ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30) })
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                unit = factor;
                trimmed = trimmed.Substring(0, trimmed.Length - suffix.Length).TrimEnd();
                break;
            }
        }

        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value <= 0 || value > (1L << 40) / unit)
        {
            return false;
        }

        bytes = value * unit;
        return true;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The smoothing as MakemoreSmoothing would write it, so the generated constant reads like the csproj.</summary>
    private static string Smoothing(ModelSettings settings) => settings.Smoothing == NGramSmoothingKind.KneserNey
        ? ModelSettings.KneserNeyName
        : settings.AdditiveSmoothing.ToString("R", CultureInfo.InvariantCulture);

    private static ModelResult Failed(ModelRequest request, DiagnosticInfo diagnostic) =>
        new(request.FilePath, null, new EquatableArray<DiagnosticInfo>([diagnostic]));

    /// <summary>The parser's errors as located diagnostics, and one more that counts those it did not keep.</summary>
    private static DiagnosticInfo[] Locate(NameList names, string path, string fileName, SourceText text)
    {
        int unreported = names.ErrorCount - names.Errors.Count;
        var diagnostics = new DiagnosticInfo[names.Errors.Count + (unreported > 0 ? 1 : 0)];
        for (int i = 0; i < names.Errors.Count; i++)
        {
            diagnostics[i] = Locate(names.Errors[i], path, fileName, text);
        }

        if (unreported > 0)
        {
            diagnostics[diagnostics.Length - 1] = DiagnosticInfo.ForFile(
                DiagnosticDescriptors.MoreErrors, path, fileName, unreported.ToString(CultureInfo.InvariantCulture), names.Errors.Count.ToString(CultureInfo.InvariantCulture));
        }

        return diagnostics;
    }

    private static DiagnosticInfo Locate(NameListError error, string path, string fileName, SourceText text)
    {
        DiagnosticDescriptor descriptor = error.Kind switch
        {
            NameListErrorKind.NoNames => DiagnosticDescriptors.NoNames,
            NameListErrorKind.InvalidCharacter => DiagnosticDescriptors.InvalidCharacter,
            NameListErrorKind.SurrogateCharacter => DiagnosticDescriptors.SurrogateCharacter,
            _ => DiagnosticDescriptors.NotText,
        };
        if (error.Kind == NameListErrorKind.NoNames)
        {
            return DiagnosticInfo.ForFile(descriptor, path, fileName, error.Message);
        }

        // The parser's line and column are one-based; Roslyn's are zero-based.
        var span = new TextSpan(error.Offset, error.Length);
        var start = new LinePosition(error.Line - 1, error.Column - 1);
        var lineSpan = new LinePositionSpan(start, new LinePosition(start.Line, start.Character + error.Length));
        return DiagnosticInfo.Create(descriptor, path, span.End <= text.Length ? span : default, lineSpan, fileName, error.Message);
    }

    /// <summary>
    /// The file name as the generated code's comments show it: a name may hold characters (a line break, a control
    /// character) that would end a comment line or make its XML invalid, so those become U+FFFD.
    /// </summary>
    private static string SingleLine(string fileName)
    {
        var builder = new System.Text.StringBuilder(fileName.Length);
        foreach (char c in fileName)
        {
            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c) ? '\uFFFD' : c);
        }

        return builder.ToString();
    }
}
