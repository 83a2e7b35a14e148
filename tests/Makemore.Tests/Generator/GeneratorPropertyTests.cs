using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System;
using CsCheck;
using Makemore.Generator;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// Whatever it is given, the generator ends with located diagnostics and no class, or with a class that compiles
/// without a warning at warning level 9999 under C# 10 and the latest C#, XML documentation checked; it never throws
/// and never reports MM9999. Cases are small so that the whole class runs in a few seconds.
/// </summary>
public class GeneratorPropertyTests
{
    private const string FilePath = "/project/pets.txt";

    private static readonly string[] Keywords = SyntaxFacts.GetKeywordKinds().Select(SyntaxFacts.GetText).Where(k => k.Length > 0).ToArray();

    private static readonly string[] ContextualKeywords = SyntaxFacts.GetContextualKeywordKinds().Select(SyntaxFacts.GetText)
        .Concat(["var", "dynamic", "field", "extension", "allows", "scoped", "file", "required"]).Where(k => k.Length > 0).Distinct().ToArray();

    private static readonly string[] MemberNames = (string[])typeof(MakemoreGenerator).Assembly
        .GetType("Makemore.Generator.GeneratedMembers", throwOnError: true)!.GetField("Names")!.GetValue(null)!;

    /// <summary>Names with a special meaning for the generated code or the library.</summary>
    private static readonly string[] Special = ["System", "Makemore", "global", "NameModel", "LanguageModel", "BigramSampler", "TRandom", "Xoshiro256StarStar", "Runtime", "Consumer"];

    private static readonly Gen<char> IdentifierCharacter = Gen.Frequency(
        (10, (IGen<char>)Gen.Char['a', 'z']),
        (6, Gen.Char['A', 'Z']),
        (3, Gen.Char['0', '9']),
        (2, Gen.Const('_')),
        (2, Gen.Char["éßЖж中ǅΩ\u0301\u0660"]), // letters of other scripts, a title-case letter, a combining mark, a digit
        (1, Gen.Char["\u200B- .@"])); // never valid

    private static readonly Gen<string> Identifier = Gen.Frequency(
        (8, (IGen<string>)IdentifierCharacter.Array[1, 8].Select(c => new string(c))),
        (2, Gen.OneOf(Keywords)),
        (3, Gen.OneOf(ContextualKeywords)),
        (2, Gen.OneOf(MemberNames)),
        (2, Gen.OneOf(Special)));

    private static readonly Gen<string?> Namespace = Gen.Frequency(
        (2, (IGen<string?>)Gen.Const((string?)null)),
        (1, Gen.Const((string?)"global")),
        (4, Identifier.Array[1, 3].Select(parts => (string?)string.Join(".", parts))));

    private static readonly Gen<string?> Accessibility = Gen.OneOf<string?>(null, "internal", "public", "Public", "private");

    private static readonly Gen<CSharpParseOptions> ParseOptions = Gen.OneOf(LanguageVersion.CSharp10, LanguageVersion.Latest)
        .Select(v => new CSharpParseOptions(v, DocumentationMode.Diagnose));

    [Fact]
    public void Any_class_name_namespace_and_accessibility_gives_a_diagnostic_or_code_that_compiles_cleanly() =>
        Gen.Select(Identifier, Namespace, Namespace, Accessibility, ParseOptions).Sample(
            (name, ns, rootNamespace, accessibility, options) =>
            {
                var metadata = new Dictionary<string, string> { ["MakemoreModel"] = name };
                Add(metadata, "MakemoreNamespace", ns);
                Add(metadata, "MakemoreAccessibility", accessibility);
                Check(GeneratorHarness.Names("emma\nava", FilePath, metadata), rootNamespace, options, isModel: !string.IsNullOrWhiteSpace(name));
            },
            iter: 150);

    private static readonly Gen<char> ListCharacter = Gen.Frequency(
        (20, (IGen<char>)Gen.Char['a', 'e']),
        (4, Gen.Char["\n\r"]),
        (1, Gen.Char[" \t.\0\u00A0\u200B\u200F\uFEFF\uFFFD\u0001éЖ"]),
        (1, Gen.Char["\uD83D\uDE00"])); // surrogate halves: pairs and lone ones

    private static readonly Gen<string?> Smoothing = Gen.Frequency(
        (4, (IGen<string?>)Gen.Const((string?)null)),
        (3, Gen.OneOf<string?>("0", "1", "0.5", "1e-320", "1e300", "1e301", "1e309", "-0", "-1", "NaN", "abc", "1,5", " 2 ")),
        (2, Gen.Double.Select(d => (string?)d.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void Any_small_list_with_any_settings_gives_located_diagnostics_or_code_that_compiles_cleanly() =>
        Gen.Select(ListCharacter.Array[0, 40], Smoothing, Gen.Frequency((4, (IGen<string>)Gen.Const("Pets")), (1, Identifier)), ParseOptions).Sample(
            (characters, smoothing, name, options) =>
            {
                var metadata = new Dictionary<string, string> { ["MakemoreModel"] = name };
                Add(metadata, "MakemoreSmoothing", smoothing);
                // The identifier generator also makes blank names, which opt the file out: then nothing happens.
                Check(new TestAdditionalText(FilePath, new string(characters), metadata), "Consumer", options, isModel: !string.IsNullOrWhiteSpace(name));
            },
            iter: 150);

    private static readonly Gen<byte> ListByte = Gen.Frequency(
        (12, (IGen<byte>)Gen.Byte[(byte)'a', (byte)'e']),
        (3, Gen.OneOf((byte)'\n', (byte)'\r', (byte)0, (byte)0xEF, (byte)0xBB, (byte)0xBF, (byte)0xFF, (byte)0xFE)),
        (3, Gen.Byte));

    [Fact]
    public void Any_bytes_decoded_as_the_compiler_decodes_them_give_located_diagnostics_or_code_that_compiles_cleanly() =>
        Gen.Select(ListByte.Array[0, 48], ParseOptions).Sample(
            (bytes, options) => Check(TestAdditionalText.FromBytes(FilePath, bytes, new() { ["MakemoreModel"] = "Pets" }), "Consumer", options),
            iter: 150);

    private static void Add(Dictionary<string, string> metadata, string key, string? value)
    {
        if (value is not null)
        {
            metadata[key] = value;
        }
    }

    /// <summary>The generator's contract for one file.</summary>
    /// <param name="isModel">False when the file opts out (a blank MakemoreModel is no MakemoreModel): then nothing happens.</param>
    private static void Check(TestAdditionalText file, string? rootNamespace, CSharpParseOptions options, bool isModel = true)
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver([file], rootNamespace, options)
            .RunGeneratorsAndUpdateCompilation(
                GeneratorHarness.Compilation(parseOptions: options), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        SyntaxTree[] generated = output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToArray();
        if (diagnostics.Length > 0)
        {
            Assert.DoesNotContain(diagnostics, d => d.Id == "MM9999");
            Assert.Empty(generated);
            SourceText? text = file.GetText();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
                Assert.Equal(FilePath, span.Path);
                Assert.True(text is null || diagnostic.Location.SourceSpan.End <= text.Length, $"{diagnostic} lies beyond the text");
                Assert.True(text is null || span.EndLinePosition.Line < text.Lines.Count, $"{diagnostic} lies beyond the last line");
            }

            return;
        }

        Assert.Equal(isModel ? 1 : 0, generated.Length);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, $"{options.LanguageVersion}: " + string.Join("\n", problems));
    }
}
