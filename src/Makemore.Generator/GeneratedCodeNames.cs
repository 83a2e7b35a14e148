using System;

namespace Makemore.Generator;

/// <summary>
/// Every type the generated code names as <c>global::…</c> (MakemoreGenerator.Emitter.cs), in one list: a model class
/// whose full name is one of them, a namespace above one of them, or a name inside one of them would make those
/// names mean the model instead, and the generated code would not compile (CS0426, CS0117, CS0721). A test scans
/// the emitted source for <c>global::</c> names and fails on one this list does not cover.
/// </summary>
internal static class GeneratedCodeNames
{
    /// <summary>The types, by full name; a member of one (<c>ModelTables.Sample</c>) is covered by its type.</summary>
    public static readonly string[] Types =
    [
        "System.Random",
        "System.ReadOnlySpan",
        "System.Span",
        "System.Memory",
        "System.CodeDom.Compiler.GeneratedCode",
        "System.CodeDom.Compiler.GeneratedCodeAttribute",
        "Makemore.IRandomSource",
        "Makemore.LanguageModel",
        "Makemore.ModelTables",
        "Makemore.SamplingOptions",
        "Makemore.Xoshiro256StarStar",
        "Makemore.CompilerServices.GeneratedModel",
    ];

    /// <summary>
    /// The name the class <paramref name="fullName"/> would shadow, or null: a listed type itself, a namespace on the
    /// way to one (System.CodeDom), or a listed type the class would sit inside (a namespace System.Random).
    /// </summary>
    public static string? Shadowed(string fullName)
    {
        foreach (string type in Types)
        {
            if (string.Equals(fullName, type, StringComparison.Ordinal)
                || type.StartsWith(fullName + ".", StringComparison.Ordinal)
                || fullName.StartsWith(type + ".", StringComparison.Ordinal))
            {
                return type;
            }
        }

        return null;
    }
}
