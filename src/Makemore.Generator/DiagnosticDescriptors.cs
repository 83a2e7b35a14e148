using System;
using Microsoft.CodeAnalysis;

namespace Makemore.Generator;

/// <summary>Every diagnostic the generator reports. Each is an error: a model that cannot be built is never emitted half-built.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Makemore";

    public static readonly DiagnosticDescriptor NoNames = Create(
        "MM0001", "Names list is empty", "{0}: {1}");

    public static readonly DiagnosticDescriptor BoundaryTokenInName = Create(
        "MM0002", "Name contains the start/end token '.'", "{0}: {1}");

    public static readonly DiagnosticDescriptor InvalidCharacter = Create(
        "MM0003", "Name contains a control or whitespace character", "{0}: {1}");

    public static readonly DiagnosticDescriptor SurrogateCharacter = Create(
        "MM0004", "Name contains a character outside the Basic Multilingual Plane", "{0}: {1}");

    public static readonly DiagnosticDescriptor TooManySymbols = Create(
        "MM0005", "Names use more than 255 distinct symbols", "{0}: {1}");

    public static readonly DiagnosticDescriptor InvalidSmoothing = Create(
        "MM0006", "Invalid MakemoreSmoothing", "{0}: MakemoreSmoothing \"{1}\" is not a finite, non-negative number (use a '.' decimal point, e.g. 1 or 0.5)");

    public static readonly DiagnosticDescriptor InvalidClassName = Create(
        "MM0007", "Invalid MakemoreModel", "{0}: MakemoreModel \"{1}\" is not a valid C# class name");

    public static readonly DiagnosticDescriptor DuplicateClassName = Create(
        "MM0008", "Two models have one class name", "{0}: class {1} is already generated from {2}; give this file another MakemoreModel name");

    public static readonly DiagnosticDescriptor MissingRuntime = Create(
        "MM0009", "Makemore.Runtime is not referenced", "{0}: the generated class {1} needs the Makemore.Runtime package; add a reference to it");

    public static readonly DiagnosticDescriptor UnexpectedError = Create(
        "MM9999", "Makemore generator failed", "{0}: the generator failed unexpectedly: {1}");

    private static readonly DiagnosticDescriptor[] All =
    [
        NoNames, BoundaryTokenInName, InvalidCharacter, SurrogateCharacter, TooManySymbols,
        InvalidSmoothing, InvalidClassName, DuplicateClassName, MissingRuntime, UnexpectedError,
    ];

    public static DiagnosticDescriptor ById(string id)
    {
        foreach (DiagnosticDescriptor descriptor in All)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        throw new ArgumentException("Unknown diagnostic " + id, nameof(id));
    }

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
