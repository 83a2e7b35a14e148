using Makemore.Modeling.Smoothing;
using Microsoft.CodeAnalysis;

namespace Makemore.Generator;

/// <summary>
/// Every diagnostic the generator reports, each with its own title, message, description and a help link to its
/// section of docs/diagnostics.md. Each is an error (a model that cannot be built is never emitted half-built), but
/// MM0019, a warning about items whose models the compiler never shows the generator, and MM0021, the report of a
/// model pruned to fit its size budget.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>The page that explains every diagnostic, one section per id (cause, example, fix).</summary>
    public const string HelpPage = "https://github.com/makemore-dotnet/makemore/blob/main/docs/diagnostics.md";

    private const string Category = "Makemore";

    public static readonly DiagnosticDescriptor NoNames = Create(
        "MM0001",
        "Names list is empty",
        "{0}: {1}",
        "The names list has no line with a name on it: it is empty, or holds only blank lines and whitespace.");

    public static readonly DiagnosticDescriptor InvalidCharacter = Create(
        "MM0003",
        "Name contains a control character or a line separator",
        "{0}: {1}",
        "Every character of a name is a symbol (spaces, '.', digits and punctuation included; whitespace around a name is trimmed) except control characters (a tab, NUL, escape) and the line and paragraph separators U+2028 and U+2029: these are usually a sign of a file in another format, such as tab-separated columns, or of text pasted from elsewhere.");

    public static readonly DiagnosticDescriptor SurrogateCharacter = Create(
        "MM0004",
        "Name contains a character outside the Basic Multilingual Plane",
        "{0}: {1}",
        "Symbols are single UTF-16 characters, so characters outside the Basic Multilingual Plane (such as emoji, which take two UTF-16 characters) cannot be symbols; a lone half of such a pair is not text at all.");

    public static readonly DiagnosticDescriptor InvalidSmoothing = Create(
        "MM0006",
        "Invalid MakemoreSmoothing",
        "{0}: MakemoreSmoothing \"{1}\" {2}",
        "MakemoreSmoothing is KneserNey (interpolated Kneser–Ney, tuned on held-out folds of the list) or the additive smoothing α added to every count: a number from 0 to 1e300 written with a '.' decimal point and an optional exponent (0.5, 5e-1). Larger values would overflow the sums that normalise each row; a non-zero value below 2.2e-308 (1e-400) would underflow to 0 or lose its digits, silently giving zero probabilities.");

    /// <summary>MM0006's reason for a number whose value underflows.</summary>
    public const string SmoothingUnderflows = "underflows: its value is below the smallest normal double (2.2e-308), so it would read as 0 (no smoothing) or lose its digits; write 0 for no smoothing, or a number of at least 2.2e-308";

    /// <summary>MM0006's reason for anything else.</summary>
    public const string SmoothingInvalid = "is neither KneserNey nor " + BigramNormalizer.SmoothingRange + " (use a '.' decimal point, e.g. 1 or 0.5)";

    public static readonly DiagnosticDescriptor InvalidClassName = Create(
        "MM0007",
        "Invalid MakemoreModel",
        "{0}: MakemoreModel \"{1}\" cannot name the generated class: {2}",
        "MakemoreModel names the generated class: a C# identifier that is not a keyword or contextual keyword, not only lower-case ASCII letters (reserved by C#), not the name of one of the class's members, and in the global namespace not System or Makemore.");

    public static readonly DiagnosticDescriptor DuplicateClassName = Create(
        "MM0008",
        "Two models have one class name",
        "{0}: class {1} is already generated from {2}; give this file another MakemoreModel name",
        "Two names lists would generate classes with the same name in the same namespace.");

    public static readonly DiagnosticDescriptor MissingRuntime = Create(
        "MM0009",
        "The Makemore library is not referenced",
        "{0}: the generated class {1} needs the Makemore library; reference the Makemore package rather than its generator alone",
        "The generated class calls into the Makemore runtime library, which the project does not reference.");

    public static readonly DiagnosticDescriptor InvalidAccessibility = Create(
        "MM0010",
        "Invalid MakemoreAccessibility",
        "{0}: MakemoreAccessibility \"{1}\" is neither internal nor public",
        "MakemoreAccessibility is the generated class's accessibility: internal (the default) or public.");

    public static readonly DiagnosticDescriptor InvalidNamespace = Create(
        "MM0011",
        "Invalid MakemoreNamespace",
        "{0}: MakemoreNamespace \"{1}\" is not a valid C# namespace: {2} (use dotted identifiers, or 'global' for the global namespace)",
        "MakemoreNamespace is the generated class's namespace: identifiers separated by '.', none a keyword or contextual keyword, or 'global' for the global namespace.");

    public static readonly DiagnosticDescriptor InvalidRootNamespace = Create(
        "MM0012",
        "RootNamespace is not a valid namespace",
        "{0}: the project's RootNamespace \"{1}\" is not a valid C# namespace ({3}), so public class {2} has none to go in; set MakemoreNamespace on the item or fix RootNamespace",
        "A public model goes into the project's RootNamespace unless MakemoreNamespace is set, and the RootNamespace is not a valid C# namespace (it often comes from a project name with dashes or spaces), or has a keyword or contextual keyword as a part.");

    public static readonly DiagnosticDescriptor FileNotFound = Create(
        "MM0013",
        "Names list not found",
        "{0}: the names list '{1}' does not exist; check the {2} path",
        "An AdditionalFiles item that is a model, or the MakemoreNames of a transformer's weights, points to a file that does not exist.");

    public static readonly DiagnosticDescriptor UnreadableFile = Create(
        "MM0014",
        "Names list cannot be read",
        "{0}: the names list '{1}' exists but the compiler could not read it (permissions, a lock, or a file that is not text)",
        "The compiler could not open or decode the names list.");

    public static readonly DiagnosticDescriptor ClassNameTaken = Create(
        "MM0015",
        "MakemoreModel names a Makemore type",
        "{0}: class {1} would hide the Makemore library's own type or namespace Makemore.{1}; choose another MakemoreModel name or set MakemoreNamespace",
        "An internal model goes into the Makemore namespace, where the library's own public types and namespaces live; a model class may not take one of their names.");

    public static readonly DiagnosticDescriptor NotText = Create(
        "MM0016",
        "Names list is not UTF-8 text",
        "{0}: {1}",
        "The compiler reads a names list as UTF-8 (or as the encoding its byte order mark names). A file saved as UTF-16 or UTF-32 without a byte order mark, one in a legacy code page, or a binary file reads as NUL characters, U+FFFD replacement characters or control characters: it is reported once, at the first such character, instead of once per character.");

    public static readonly DiagnosticDescriptor MoreErrors = Create(
        "MM0017",
        "More errors in the names list",
        "{0}: and {1} more errors in this file (only the first {2} are reported)",
        "A names list with many bad lines, usually a file in another format, reports its first errors and then this one, so that the build does not stall printing them all.");

    public static readonly DiagnosticDescriptor InvalidOrder = Create(
        "MM0018",
        "Invalid MakemoreOrder",
        "{0}: MakemoreOrder \"{1}\" is not a whole number from 1 to 8",
        "MakemoreOrder is the model's order n, a whole number from 1 to 8: each symbol is drawn given the n − 1 symbols before it (2, the default, is the lecture's bigram model).");

    public static readonly DiagnosticDescriptor DuplicatePath = Create(
        "MM0019",
        "One names list in several AdditionalFiles items",
        "{0}: AdditionalFiles lists '{1}' {2} times, as MakemoreModel {3}; the compiler gives the generator one set of item metadata per path (the last item's), so only {4} is generated; give each model its own copy of the file",
        "Two AdditionalFiles items with one path are one file to the compiler: the generator sees the path with the last item's metadata only, so the other items' models are not generated, and code that uses them fails with CS0103. For two models of one list, give the second a copy of the file.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ShadowedName = Create(
        "MM0020",
        "The model's full name would shadow a name the generated code uses",
        "{0}: class {1} would stand for {2}, which the generated code uses, and the generated code would not compile; choose another MakemoreModel or MakemoreNamespace",
        "The generated class refers to a few types by full name (global::System.Random, global::System.Span, global::System.CodeDom.Compiler.GeneratedCode, global::Makemore.ModelTables, global::Makemore.CompilerServices.GeneratedModel and the like). A model whose full name is one of them, a namespace on the way to one (System.CodeDom), or a name inside one of them makes those names mean the model instead.");

    public static readonly DiagnosticDescriptor Pruned = Create(
        "MM0021",
        "Model pruned to fit MakemoreMaxTableBytes",
        "{0}: the order-{1} model's tables would take {2} bytes, more than MakemoreMaxTableBytes {3}: {4} were pruned, leaving {5} bytes{6}",
        "A model whose tables exceed the size budget (MakemoreMaxTableBytes, 8 MiB by default) is pruned to fit: its rarest contexts of two or more symbols are dropped (count cut-offs, re-estimated for Kneser–Ney), and names in those contexts are drawn from their longest kept suffix. Raise MakemoreMaxTableBytes to keep more, or lower MakemoreOrder.",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor OneName = Create(
        "MM0024",
        "A list of one name is modelled as the lecture's bigram",
        "{0}: the list has one name, so Kneser–Ney has no held-out names to tune on; the order-{1} model is the lecture's bigram (additive smoothing α = 1) instead",
        "Kneser–Ney's parameters are tuned on held-out folds of the list. A list of one name has none, and no fixed choice of them models other names as well as the lecture's bigram does, so that is the model.",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor TooLarge = Create(
        "MM0022",
        "Model does not fit MakemoreMaxTableBytes",
        "{0}: even pruned to its start contexts, the order-{1} model's tables take {2} bytes, more than MakemoreMaxTableBytes {3}; raise MakemoreMaxTableBytes to at least {2} or lower MakemoreOrder",
        "Pruning drops contexts of two or more symbols; when the model is still larger than MakemoreMaxTableBytes (a budget smaller than the list's bigram, or an alphabet of thousands of symbols), no model is generated.");

    public static readonly DiagnosticDescriptor InvalidMaxTableBytes = Create(
        "MM0023",
        "Invalid MakemoreMaxTableBytes",
        "{0}: MakemoreMaxTableBytes \"{1}\" is not a whole number of bytes from 1 to 2^40 (a suffix KB, MB or GB may multiply it by 2^10, 2^20 or 2^30)",
        "MakemoreMaxTableBytes is the size budget of a model's tables in bytes, 8 MiB (8388608) by default; 512KB, 16MB and 1GB are accepted too.");

    public static readonly DiagnosticDescriptor NotAWeightsFile = Create(
        "MM0025",
        "Not a Makemore weights file",
        "{0}: {1}",
        "An AdditionalFiles item whose name ends in .weights is a transformer's weights file, as makemore train --model transformer writes it: its first eight bytes are 0x89 'MMTF' CR LF 0x1A. This file starts otherwise: it is some other file, or a weights file damaged by a text-mode copy (which rewrites the CR LF).");

    public static readonly DiagnosticDescriptor TruncatedWeights = Create(
        "MM0026",
        "Weights file is truncated",
        "{0}: {1}",
        "The file ends before the length its header declares: a copy or a download stopped early, or the training was interrupted while writing. Train again, or copy the whole file.");

    public static readonly DiagnosticDescriptor DamagedWeights = Create(
        "MM0027",
        "Weights file is damaged",
        "{0}: {1}",
        "The file starts as a weights file and has its declared length, but its checksum does not match its bytes, its header declares an impossible shape, its alphabet is out of order, it has bytes after its checksum, or a weight is infinite or not a number. Train again, or copy the file again.");

    public static readonly DiagnosticDescriptor NewerWeights = Create(
        "MM0028",
        "Weights file has a newer format",
        "{0}: {1}",
        "The weights file was written by a newer Makemore, in a format version this generator does not read. Update the Makemore package, or write the file with the makemore tool of this version.");

    public static readonly DiagnosticDescriptor UnconvertedWeights = Create(
        "MM0029",
        "Weights file was not converted by Makemore's build targets",
        "{0}: the generator was given the file itself, not the text Makemore's build targets make of it: {1}",
        "The compiler reads AdditionalFiles as text, so Makemore.targets (imported with the Makemore package) turns each .weights item that has MakemoreModel into a base64 text file in obj/ before the compiler runs, and the generator reads that. This item reached the generator unconverted: the package's build targets were not imported (the generator referenced on its own), or the converted text was damaged.");

    public static readonly DiagnosticDescriptor NamesNotInAlphabet = Create(
        "MM0030",
        "A name of the transformer's list holds a character the transformer lacks",
        "{0}: {1} at line {2}, column {3} is not a symbol of the transformer in {4} ({5}); MakemoreNames must name a list over the weights' characters, such as the one they were trained on",
        "MakemoreNames pairs a transformer's weights with a names list, which ContainsName and Novel look names up in. Every character of the list must be one of the transformer's symbols (its alphabet, from the list it was trained on): a name the model cannot spell is no name it could draw, and a list with one is another list than the model's.");

    public static readonly DiagnosticDescriptor NamesOnAList = Create(
        "MM0031",
        "MakemoreNames on a names list is ignored",
        "{0}: MakemoreNames \"{1}\" is ignored: it pairs a transformer's weights file (.weights) with a names list, and this item is a names list, which is its own",
        "A model compiled from a names list knows the list's names (ContainsName, Novel). MakemoreNames is for a transformer's weights file, which holds no names.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnexpectedError = Create(
        "MM9999",
        "Makemore generator failed",
        "{0}: the generator failed unexpectedly: {1}",
        "The generator met a condition it does not handle. Please report it with the message and the names list if you can.");

    private static DiagnosticDescriptor Create(string id, string title, string message, string description, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description, HelpPage + "#" + id.ToLowerInvariant());
}
