using System;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace Makemore.Generator;

/// <summary>
/// Which class names and namespaces the generator accepts: those whose generated code compiles without a warning in
/// every C# version from 10 on, and whose meaning no later version changes. Each check returns why a name is refused
/// (a clause for the diagnostic's message), or null.
/// </summary>
internal static class CSharpNames
{
    /// <summary>
    /// Every contextual keyword of C# up to 14, listed here rather than asked of the compiler, which knows only those
    /// of its own version (a test checks this list against the compiler the tests use). In a namespace they change
    /// the meaning of code inside it (<c>namespace nameof</c> breaks <c>nameof(x)</c>, <c>namespace var</c> breaks
    /// <c>var x</c>); as class names some are errors or warnings (record: CS8860, file: CS9056, required: CS9029).
    /// </summary>
    public static readonly string[] ContextualKeywords =
    [
        "add", "alias", "allows", "and", "args", "ascending", "async", "await", "by", "descending", "dynamic", "equals",
        "extension", "field", "file", "from", "get", "global", "group", "init", "into", "join", "let", "managed",
        "nameof", "not", "notnull", "on", "or", "orderby", "partial", "record", "remove", "required", "scoped", "select",
        "set", "unmanaged", "value", "var", "when", "where", "with", "yield",
    ];

    /// <summary>Why <paramref name="name"/> cannot name the generated class in <paramref name="ns"/>, or null.</summary>
    /// <param name="name">MakemoreModel, trimmed.</param>
    /// <param name="ns">The class's namespace, empty for the global namespace.</param>
    public static string? ClassNameProblem(string name, string ns)
    {
        if (IdentifierProblem(name) is { } problem)
        {
            return problem;
        }

        if (IsLowerCaseAscii(name))
        {
            return "C# reserves type names of lower-case ASCII letters only for future keywords (warning CS8981); start it with a capital letter";
        }

        if (GeneratedMembers.IsMember(name))
        {
            return "the generated class has a member of that name, and a class cannot share its name with its members (CS0542)";
        }

        if (ns.Length == 0 && GeneratedMembers.IsRootNamespace(name))
        {
            return "in the global namespace it would hide the namespace " + name + " that the generated code uses; set MakemoreNamespace";
        }

        return null;
    }

    /// <summary>Why <paramref name="ns"/> (dotted identifiers, empty for the global namespace) cannot be used, or null.</summary>
    public static string? NamespaceProblem(string ns)
    {
        if (ns.Length == 0)
        {
            return null;
        }

        foreach (string part in ns.Split('.'))
        {
            if (part.Length == 0)
            {
                return "it has an empty part between dots";
            }

            if (IdentifierProblem(part) is { } problem)
            {
                return "'" + part + "': " + problem;
            }
        }

        return null;
    }

    private static string? IdentifierProblem(string name)
    {
        if (!SyntaxFacts.IsValidIdentifier(name))
        {
            return "it is not a C# identifier (letters, digits and '_', not starting with a digit)";
        }

        foreach (char c in name)
        {
            // The compiler ignores format characters in identifiers, so Pet\u200BModel would be PetModel in disguise.
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return "it contains the invisible format character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
            }
        }

        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
        {
            return "it is a C# keyword";
        }

        if (Array.IndexOf(ContextualKeywords, name) >= 0 || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None)
        {
            return "it is a C# contextual keyword, whose meaning in code would change";
        }

        return null;
    }

    private static bool IsLowerCaseAscii(string name)
    {
        foreach (char c in name)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }
}
