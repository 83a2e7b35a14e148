using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Makemore.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Makemore.Generator;

/// <summary>
/// Compiles names lists into character-level language models. An AdditionalFiles item named <c>names.txt</c>
/// becomes <c>NameModel</c>; any other opts in with the item metadata <c>MakemoreModel="ClassName"</c>;
/// <c>MakemoreOrder</c> and <c>MakemoreSmoothing</c> choose the model.
/// </summary>
/// <remarks>
/// Pipeline: AdditionalFiles × options → <see cref="ModelRequest"/> (which files, what settings) →
/// <see cref="ModelResult"/> (read, parse, check, tune: the expensive step, cached on the request and the file's
/// text) → all results together, with the language version → source and diagnostics. Nothing in the pipeline holds
/// a symbol or a compilation, so an edit to a .cs file re-runs none of the reading or tuning.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class MakemoreGenerator : IIncrementalGenerator
{
    /// <summary>The file name that is a model without any metadata.</summary>
    public const string DefaultFileName = "names.txt";

    /// <summary>The class generated from <see cref="DefaultFileName"/> without metadata.</summary>
    public const string DefaultClassName = "NameModel";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<(AdditionalText Text, ModelRequest Request)> requests = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => (pair.Left, Request: CreateRequest(pair.Left, pair.Right)))
            .Where(static pair => pair.Request is not null)
            .Select(static (pair, _) => (pair.Left, pair.Request!))
            .WithTrackingName(TrackingNames.Requests);

        IncrementalValuesProvider<ModelResult> models = requests
            .Select(static (pair, cancellationToken) =>
                ReadModel(pair.Text, pair.Request, cancellationToken) with { ClassName = pair.Request.ClassName, ModelsAtPath = pair.Request.ModelsAtPath })
            .WithTrackingName(TrackingNames.Models);

        IncrementalValueProvider<RuntimeInfo> runtime = context.CompilationProvider
            .Select(static (compilation, _) => RuntimeInfo.Read(compilation))
            .WithTrackingName(TrackingNames.RuntimeReference);

        // UTF-8 literals came with C# 11; a project on C# 10 gets its recipes as ordinary strings.
        IncrementalValueProvider<bool> utf8Literals = context.ParseOptionsProvider
            .Select(static (options, _) => options is not CSharpParseOptions csharp || csharp.LanguageVersion >= LanguageVersion.CSharp11)
            .WithTrackingName(TrackingNames.LanguageVersion);

        IncrementalValueProvider<((ImmutableArray<ModelResult> Models, RuntimeInfo Runtime) Left, bool Utf8Literals)> all = models
            .Collect()
            .Combine(runtime)
            .Combine(utf8Literals)
            .WithTrackingName(TrackingNames.AllModels);

        context.RegisterSourceOutput(all, static (context, input) => Emit(context, input.Left.Models, input.Left.Runtime, input.Utf8Literals));
    }

    private static void Emit(SourceProductionContext context, ImmutableArray<ModelResult> models, RuntimeInfo runtime, bool utf8Literals)
    {
        // Deterministic order whatever order the files were listed in: the first path (ordinally) keeps a clashing name.
        var ordered = new List<ModelResult>(models);
        ordered.Sort(static (a, b) => string.CompareOrdinal(a.FilePath, b.FilePath));
        var emitted = new Dictionary<string, ModelResult>(StringComparer.Ordinal);
        var hintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < ordered.Count; i++)
        {
            ModelResult model = ordered[i];
            if (i > 0 && string.Equals(ordered[i - 1].FilePath, model.FilePath, StringComparison.Ordinal))
            {
                // Another copy of one path (the compiler passes a path once per item, each with the same metadata):
                // reported, with its copies, by MM0019 on the first.
                continue;
            }

            try
            {
                int copies = 1;
                while (i + copies < ordered.Count && string.Equals(ordered[i + copies].FilePath, model.FilePath, StringComparison.Ordinal))
                {
                    copies++;
                }

                if (DuplicatePath(model, copies) is { } duplicate)
                {
                    context.ReportDiagnostic(duplicate.ToDiagnostic());
                }

                foreach (DiagnosticInfo diagnostic in model.Diagnostics)
                {
                    context.ReportDiagnostic(diagnostic.ToDiagnostic());
                }

                if (model.Spec is not { } spec)
                {
                    continue;
                }

                string fullName = spec.Namespace.Length == 0 ? spec.ClassName : spec.Namespace + "." + spec.ClassName;
                if (emitted.TryGetValue(fullName, out ModelResult? first))
                {
                    context.ReportDiagnostic(DiagnosticInfo.ForFile(
                        DiagnosticDescriptors.DuplicateClassName, model.FilePath, spec.FileName, spec.ClassName, first.FilePath).ToDiagnostic());
                    continue;
                }

                if (spec.Namespace == RuntimeInfo.Namespace && runtime.HasPublicType(spec.ClassName))
                {
                    context.ReportDiagnostic(DiagnosticInfo.ForFile(
                        DiagnosticDescriptors.ClassNameTaken, model.FilePath, spec.FileName, spec.ClassName).ToDiagnostic());
                    continue;
                }

                if (GeneratedCodeNames.Shadowed(fullName) is { } shadowed)
                {
                    context.ReportDiagnostic(DiagnosticInfo.ForFile(
                        DiagnosticDescriptors.ShadowedName, model.FilePath, spec.FileName, fullName, shadowed).ToDiagnostic());
                    continue;
                }

                emitted.Add(fullName, model);
                if (!runtime.IsReferenced)
                {
                    context.ReportDiagnostic(DiagnosticInfo.ForFile(
                        DiagnosticDescriptors.MissingRuntime, model.FilePath, spec.FileName, spec.ClassName).ToDiagnostic());
                    continue;
                }

                // Hint names must differ ignoring case (they become file names): Pets and pets are both valid classes.
                string hintName = fullName;
                for (int suffix = 2; !hintNames.Add(hintName); suffix++)
                {
                    hintName = fullName + "." + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                context.AddSource(hintName + ".g.cs", EmitModel(spec, utf8Literals));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                context.ReportDiagnostic(DiagnosticInfo.ForFile(
                    DiagnosticDescriptors.UnexpectedError, model.FilePath, System.IO.Path.GetFileName(model.FilePath), Describe(exception)).ToDiagnostic());
            }
        }
    }

    private static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;

    /// <summary>
    /// MM0019 when one path came from several items: as several texts (<paramref name="copies"/>), or as several
    /// class names in MakemoreModelsAtPath (Makemore.targets lists every item's, since the compiler shows only the last).
    /// </summary>
    private static DiagnosticInfo? DuplicatePath(ModelResult model, int copies)
    {
        var names = new List<string>();
        int items = 0;
        if (model.ModelsAtPath is { } list)
        {
            foreach (string entry in list.Split(';'))
            {
                string name = entry.Trim().Trim('[', ']').Trim();
                items++;
                name = name.Length == 0 ? "(none)" : name;
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        items = Math.Max(items, copies);
        if (items < 2)
        {
            return null;
        }

        if (!names.Contains(model.ClassName))
        {
            names.Add(model.ClassName);
        }

        string written = names.Count == 1 ? names[0] : string.Join(", ", names.GetRange(0, names.Count - 1)) + " and " + names[names.Count - 1];
        return DiagnosticInfo.ForFile(
            DiagnosticDescriptors.DuplicatePath,
            model.FilePath,
            System.IO.Path.GetFileName(model.FilePath),
            model.FilePath,
            items.ToString(System.Globalization.CultureInfo.InvariantCulture),
            written,
            model.ClassName);
    }
}
