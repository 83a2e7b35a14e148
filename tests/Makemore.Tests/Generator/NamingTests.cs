using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Makemore.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// Class names and namespaces whose generated code would not compile cleanly (or would change meaning in a later
/// C# version) are refused with a diagnostic that says why; the property tests try random ones.
/// </summary>
public class NamingTests
{
    private static Diagnostic Refused(Dictionary<string, string> metadata, string id, string? rootNamespace = "Consumer")
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names("emma", metadata: metadata)], rootNamespace);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal));
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal("/project/names.txt", diagnostic.Location.GetLineSpan().Path);
        return diagnostic;
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("Sample", "CS0542")]
    [InlineData("Alphabet", "CS0542")]
    [InlineData("Counts", "CS0542")]
    [InlineData("Probabilities", "CS0542")]
    [InlineData("Recipe", "CS0542")]
    [InlineData("Model", "CS0542")]
    [InlineData("End", "CS0542")]
    [InlineData("pets", "CS8981")]
    [InlineData("var", "contextual keyword")]
    [InlineData("record", "contextual keyword")]
    [InlineData("nameof", "contextual keyword")]
    [InlineData("field", "contextual keyword")]
    [InlineData("Pet\u200BModel", "U+200B")]
    [InlineData("class", "keyword")]
    public void A_class_name_whose_code_would_not_compile_cleanly_is_MM0007_saying_why(string name, string reason)
    {
        Diagnostic diagnostic = Refused(new() { ["MakemoreModel"] = name }, "MM0007");
        Assert.Contains(reason, Message(diagnostic), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System")]
    [InlineData("Makemore")]
    public void A_class_in_the_global_namespace_may_not_hide_a_namespace_the_generated_code_uses(string name)
    {
        Diagnostic diagnostic = Refused(new() { ["MakemoreModel"] = name, ["MakemoreNamespace"] = "global" }, "MM0007");
        Assert.Contains("namespace " + name, Message(diagnostic), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System", "Pets")]
    [InlineData("Pets", "System")]
    [InlineData("Makemore.Pets", "Makemore")]
    [InlineData("global", "Pets2")]
    [InlineData("Async.Record", "Var")]
    public void Names_that_only_look_risky_compile_cleanly(string ns, string name)
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(
            [GeneratorHarness.Names("emma", metadata: new() { ["MakemoreModel"] = name, ["MakemoreNamespace"] = ns })]);
        Assert.Empty(diagnostics);
        GeneratorHarness.Load(output);
    }

    [Theory]
    [InlineData("My.nameof", "'nameof'")]
    [InlineData("var", "'var'")]
    [InlineData("My.record.Models", "'record'")]
    [InlineData("My..Names", "empty")]
    public void A_namespace_with_a_contextual_keyword_is_MM0011_naming_the_part(string ns, string part)
    {
        Diagnostic diagnostic = Refused(new() { ["MakemoreNamespace"] = ns }, "MM0011");
        Assert.Contains(part, Message(diagnostic), StringComparison.Ordinal);
    }

    [Fact]
    public void A_RootNamespace_with_a_contextual_keyword_is_MM0012_for_a_public_model()
    {
        Diagnostic diagnostic = Refused(new() { ["MakemoreAccessibility"] = "public" }, "MM0012", rootNamespace: "App.async");
        Assert.Contains("'async'", Message(diagnostic), StringComparison.Ordinal);
    }

    /// <summary>Attribute targets (<c>[assembly: …]</c>) are contextual keywords only before a colon in an attribute.</summary>
    private static readonly string[] AttributeTargets = ["assembly", "module", "type", "method", "param", "property", "typevar"];

    [Fact]
    public void The_contextual_keyword_list_covers_every_one_the_compiler_knows()
    {
        string[] ours = ContextualKeywords();
        string[] missing = SyntaxFacts.GetContextualKeywordKinds().Select(SyntaxFacts.GetText)
            .Where(k => k.Length > 0 && !AttributeTargets.Contains(k) && !ours.Contains(k)).ToArray();
        Assert.Empty(missing);
    }

    /// <summary>
    /// The check against member names is only as good as the list: every member the emitted class declares must be in
    /// <c>GeneratedMembers.Names</c>, whoever adds it and however the emitter writes it.
    /// </summary>
    [Fact]
    public void Every_member_of_the_generated_class_is_in_the_generated_member_list()
    {
        // A dense bigram, a context tree and a transformer with its list: between them they declare every member the emitter can write.
        var files = new[]
        {
            GeneratorHarness.Names("emma\nava", "/p/names.txt"),
            GeneratorHarness.Names("emma\nava", "/p/tree.txt", new() { ["MakemoreModel"] = "Tree", ["MakemoreOrder"] = "3" }),
            GeneratorHarness.Names(
                Convert.ToBase64String(Transformers.TrainedModels.TinyFile) + "\n#names\n" + Convert.ToBase64String("ab\nba"u8.ToArray()),
                "/p/obj/tiny.weights.base64",
                new() { ["MakemoreModel"] = "Tiny", ["MakemoreWeightsFile"] = "/p/tiny.weights", ["MakemoreNames"] = "tiny.txt", ["MakemoreNamesFile"] = "/p/tiny.txt" }),
        };
        var (output, diagnostics, _) = GeneratorHarness.Run(files);
        Assert.Empty(diagnostics);
        var declared = output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single().Members)
            .SelectMany(member => member switch
        {
            FieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
            PropertyDeclarationSyntax property => [property.Identifier.ValueText],
            MethodDeclarationSyntax method => [method.Identifier.ValueText],
            BaseTypeDeclarationSyntax type => [type.Identifier.ValueText],
            _ => throw new Xunit.Sdk.XunitException("A member of a new kind: " + member.Kind()),
        }).Distinct().ToArray();
        Assert.Empty(declared.Except(GeneratedMemberNames()));
        Assert.Empty(GeneratedMemberNames().Except(declared));
    }

    private static string[] GeneratedMemberNames() => (string[])GeneratorType("GeneratedMembers").GetField("Names")!.GetValue(null)!;

    private static string[] ContextualKeywords() => (string[])GeneratorType("CSharpNames").GetField("ContextualKeywords")!.GetValue(null)!;

    private static Type GeneratorType(string name) =>
        typeof(MakemoreGenerator).Assembly.GetType("Makemore.Generator." + name, throwOnError: true)!;
}
