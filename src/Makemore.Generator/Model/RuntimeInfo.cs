using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Makemore.Generator.Model;

/// <summary>What the generator needs to know of the referenced Makemore library, in value-equatable form.</summary>
/// <param name="IsReferenced">Whether the compilation references the library.</param>
/// <param name="PublicTypeNames">
/// The names a model class in <see cref="Namespace"/> may not take, sorted ordinally: the library's public types
/// there, and the namespaces nested in it (a class Makemore.Runtime would stand where global::Makemore.Runtime is
/// looked up).
/// </param>
internal sealed record RuntimeInfo(bool IsReferenced, EquatableArray<string> PublicTypeNames)
{
    /// <summary>The library's namespace.</summary>
    public const string Namespace = "Makemore";

    /// <summary>A type that marks the library (present in every version the generator targets).</summary>
    private const string MarkerType = Namespace + ".IRandomSource";

    public static RuntimeInfo Read(Compilation compilation)
    {
        INamedTypeSymbol? marker = compilation.GetTypeByMetadataName(MarkerType);
        if (marker is null)
        {
            return new RuntimeInfo(false, default);
        }

        var names = new List<string>();
        foreach (INamedTypeSymbol type in marker.ContainingNamespace.GetTypeMembers())
        {
            if (type.DeclaredAccessibility == Accessibility.Public && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, marker.ContainingAssembly))
            {
                names.Add(type.Name);
            }
        }

        foreach (INamespaceSymbol nested in marker.ContainingNamespace.GetNamespaceMembers())
        {
            names.Add(nested.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return new RuntimeInfo(true, new EquatableArray<string>(names.ToArray()));
    }

    public bool HasPublicType(string name)
    {
        foreach (string typeName in PublicTypeNames)
        {
            if (typeName == name)
            {
                return true;
            }
        }

        return false;
    }
}
