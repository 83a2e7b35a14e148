using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Makemore.Tests.Docs;

/// <summary>The generator's diagnostic descriptors, read from its assembly.</summary>
internal static class GeneratorDiagnostics
{
    public static IReadOnlyList<DiagnosticDescriptor> All() =>
        typeof(Makemore.Generator.MakemoreGenerator).Assembly
            .GetType("Makemore.Generator.DiagnosticDescriptors", throwOnError: true)!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null))
            .OfType<DiagnosticDescriptor>()
            .ToList();

    public static IEnumerable<string> Ids() => All().Select(d => d.Id);
}
