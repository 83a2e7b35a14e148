using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Makemore.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// What the pipeline carries between steps must be plain values: a symbol, a compilation, a syntax node or a location
/// anywhere inside a step's output would keep a whole compilation alive and defeat the cache (a new compilation
/// never equals the old). The walk goes into records, tuples, arrays and collections, however deep.
/// </summary>
public class PipelineValueTests
{
    private static readonly Type[] Forbidden =
        [typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location)];

    private static readonly string[] ModelSteps = [TrackingNames.Requests, TrackingNames.Models, TrackingNames.RuntimeReference, TrackingNames.AllModels];

    /// <summary>
    /// Roslyn's own inputs that a step may pass on. The Requests step carries the <see cref="AdditionalText"/> it was
    /// given, to read it in the next step: it is the compiler's handle on the file, the same object across runs while
    /// the file is unchanged (a new one when it changes, which should re-read it), and it holds no compilation.
    /// </summary>
    private static readonly Type[] Allowed = [typeof(AdditionalText)];

    private static GeneratorDriver RunTwice(out GeneratorDriver first)
    {
        TestAdditionalText[] files =
        [
            GeneratorHarness.Names("emma\nolivia\nava"),
            GeneratorHarness.Names("a.b\nc d", "/project/bad.txt", new() { ["MakemoreModel"] = "Bad" }), // a model with diagnostics
        ];
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        first = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);
        return first.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", path: "Unrelated.cs")));
    }

    [Fact]
    public void No_step_output_holds_a_symbol_compilation_syntax_node_or_location_at_any_depth()
    {
        RunTwice(out GeneratorDriver driver);
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        var problems = new List<string>();
        foreach (string name in ModelSteps)
        {
            Assert.True(steps.ContainsKey(name), name);
            foreach (IncrementalGeneratorRunStep step in steps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    Walk(value, name, problems, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Running_again_after_an_unrelated_edit_finds_every_model_step_cached_or_unchanged()
    {
        GeneratorDriver second = RunTwice(out _);
        var steps = second.GetRunResult().Results.Single().TrackedSteps;
        foreach (string name in ModelSteps)
        {
            var reasons = steps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {r}"));
        }

        // RuntimeInfo was read again from the new compilation and found equal: value equality holds for it too.
        Assert.Contains(steps[TrackingNames.RuntimeReference].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Unchanged);
    }

    private static void Walk(object? value, string path, List<string> problems, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Type type = value.GetType();
        if (Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type)) is { } forbidden)
        {
            problems.Add($"{path} is a {forbidden.Name} ({type.Name})");
            return;
        }

        if (Allowed.Any(a => a.IsAssignableFrom(type)) || (!type.IsValueType && !seen.Add(value)))
        {
            return;
        }

        if (value is ITuple tuple)
        {
            for (int i = 0; i < tuple.Length; i++)
            {
                Walk(tuple[i], $"{path}.Item{i + 1}", problems, seen);
            }

            return;
        }

        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                Walk(item, $"{path}[{i++}]", problems, seen);
            }

            return;
        }

        // Our own records and structs, and the Roslyn value types they hold (TextSpan, DiagnosticDescriptor…): their
        // public instance properties, which for records are exactly their components.
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                Walk(property.GetValue(value), $"{path}.{property.Name}", problems, seen);
            }
        }
    }
}
