using System;
using System.Globalization;
using System.IO;
using System.Threading;
using Makemore.Generator.Model;
using Makemore.Modeling;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Makemore.Generator;

public sealed partial class MakemoreGenerator
{
    private const string ClassNameMetadata = "build_metadata.AdditionalFiles.MakemoreModel";
    private const string SmoothingMetadata = "build_metadata.AdditionalFiles.MakemoreSmoothing";
    private const string RootNamespaceProperty = "build_property.RootNamespace";

    /// <summary>Decides whether an additional file is a model, and with what settings (read, not yet checked).</summary>
    private static ModelRequest? CreateRequest(AdditionalText file, AnalyzerConfigOptionsProvider options)
    {
        AnalyzerConfigOptions fileOptions = options.GetOptions(file);
        fileOptions.TryGetValue(ClassNameMetadata, out string? className);
        className = className?.Trim();
        bool isDefault = string.Equals(Path.GetFileName(file.Path), DefaultFileName, StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(className) && !isDefault)
        {
            return null;
        }

        fileOptions.TryGetValue(SmoothingMetadata, out string? smoothing);
        options.GlobalOptions.TryGetValue(RootNamespaceProperty, out string? rootNamespace);
        return new ModelRequest(
            file.Path,
            rootNamespace?.Trim() ?? string.Empty,
            string.IsNullOrEmpty(className) ? DefaultClassName : className!,
            string.IsNullOrWhiteSpace(smoothing) ? null : smoothing!.Trim());
    }

    /// <summary>Reads, parses, counts and normalises one names file. Never throws: failures become diagnostics.</summary>
    private static ModelResult ReadModel(AdditionalText file, ModelRequest request, CancellationToken cancellationToken)
    {
        string fileName = Path.GetFileName(request.FilePath);
        try
        {
            if (!IsValidClassName(request.ClassName))
            {
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.InvalidClassName, request.FilePath, fileName, request.ClassName));
            }

            if (!IsValidNamespace(request.Namespace))
            {
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.UnexpectedError, request.FilePath, fileName, $"RootNamespace \"{request.Namespace}\" is not a valid namespace"));
            }

            double smoothing = 1.0;
            if (request.Smoothing is { } written
                && (!double.TryParse(written, NumberStyles.Float, CultureInfo.InvariantCulture, out smoothing)
                    || !(smoothing >= 0) || double.IsInfinity(smoothing)))
            {
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.InvalidSmoothing, request.FilePath, fileName, written));
            }

            SourceText? text = file.GetText(cancellationToken);
            if (text is null)
            {
                return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.UnexpectedError, request.FilePath, fileName, "the file could not be read"));
            }

            cancellationToken.ThrowIfCancellationRequested();
            BigramModelData? data = BigramModelData.Build(text.ToString(), smoothing, out NameList names);
            if (data is null)
            {
                var diagnostics = new DiagnosticInfo[names.Errors.Count];
                for (int i = 0; i < diagnostics.Length; i++)
                {
                    diagnostics[i] = Locate(names.Errors[i], request.FilePath, fileName, text);
                }

                return new ModelResult(request.FilePath, null, new EquatableArray<DiagnosticInfo>(diagnostics));
            }

            var spec = new ModelSpec(
                request.Namespace,
                request.ClassName,
                fileName,
                smoothing,
                data.Alphabet,
                data.Statistics.NameCount,
                data.Statistics.BigramCount,
                data.Statistics.ShortestName,
                data.Statistics.LongestName,
                data.ShortestSampleLength,
                new EquatableArray<int>(data.Counts),
                new EquatableArray<float>(data.Probabilities),
                new EquatableArray<double>(data.LogProbabilities),
                new EquatableArray<uint>(data.AliasTable),
                new EquatableArray<byte>(SymbolIndex.BuildAscii(data.Alphabet)));
            return new ModelResult(request.FilePath, spec, default);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failed(request, DiagnosticInfo.ForFile(DiagnosticDescriptors.UnexpectedError, request.FilePath, fileName, Describe(exception)));
        }
    }

    private static ModelResult Failed(ModelRequest request, DiagnosticInfo diagnostic) =>
        new(request.FilePath, null, new EquatableArray<DiagnosticInfo>([diagnostic]));

    private static DiagnosticInfo Locate(NameListError error, string path, string fileName, SourceText text)
    {
        DiagnosticDescriptor descriptor = error.Kind switch
        {
            NameListErrorKind.NoNames => DiagnosticDescriptors.NoNames,
            NameListErrorKind.BoundaryTokenInName => DiagnosticDescriptors.BoundaryTokenInName,
            NameListErrorKind.InvalidCharacter => DiagnosticDescriptors.InvalidCharacter,
            NameListErrorKind.SurrogateCharacter => DiagnosticDescriptors.SurrogateCharacter,
            _ => DiagnosticDescriptors.TooManySymbols,
        };
        if (error.Kind == NameListErrorKind.NoNames)
        {
            return DiagnosticInfo.ForFile(descriptor, path, fileName, error.Message);
        }

        // The parser's line and column are one-based; Roslyn's are zero-based.
        var span = new TextSpan(error.Offset, 1);
        var start = new LinePosition(error.Line - 1, error.Column - 1);
        var lineSpan = new LinePositionSpan(start, new LinePosition(start.Line, start.Character + 1));
        return DiagnosticInfo.Create(descriptor, path, span.End <= text.Length ? span : default, lineSpan, fileName, error.Message);
    }

    private static bool IsValidClassName(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    private static bool IsValidNamespace(string name)
    {
        if (name.Length == 0)
        {
            return true;
        }

        foreach (string part in name.Split('.'))
        {
            if (!IsValidClassName(part))
            {
                return false;
            }
        }

        return true;
    }
}
