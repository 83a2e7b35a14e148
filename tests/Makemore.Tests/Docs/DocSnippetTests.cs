using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Makemore.Tests.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Makemore.Tests.Docs;

/// <summary>
/// Every C# snippet of README.md and docs/*.md compiles, as a user's console app would compile it: top-level statements
/// with the SDK's implicit usings, against Makemore and Makemore.Training, in a project whose names.txt (class
/// NameModel) and pets.txt (class PetNames, order 6, Kneser–Ney) the source generator has just compiled.
/// </summary>
public sealed class DocSnippetTests
{
    // What <ImplicitUsings>enable</ImplicitUsings> gives a console app.
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly MetadataReference Training = MetadataReference.CreateFromFile(typeof(Makemore.Training.BigramTrainer).Assembly.Location);

    public static TheoryData<string> Snippets() => new(DocFiles.Blocks("csharp").Select(b => b.Id));

    [Theory]
    [MemberData(nameof(Snippets))]
    public void A_csharp_snippet_of_the_docs_compiles_against_the_packages_and_a_generated_model(string id)
    {
        DocBlock snippet = DocFiles.Blocks("csharp").Single(b => b.Id == id);
        List<Diagnostic> problems = Compile(snippet.Text);
        Assert.True(problems.Count == 0, $"{id} does not compile cleanly:\n{string.Join("\n", problems)}\n\n{snippet.Text}");
    }

    [Fact]
    public void The_docs_hold_the_snippets_a_newcomer_copies()
    {
        // The README's first snippet, models.md's run-time model, sampling.md's options, lecture.md's trainer, stream and split.
        var pages = DocFiles.Blocks("csharp").GroupBy(b => b.File).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(pages.GetValueOrDefault("README.md") >= 1, "README.md has no C# snippet");
        foreach (string page in new[] { "docs/models.md", "docs/sampling.md", "docs/lecture.md" })
        {
            Assert.True(pages.GetValueOrDefault(page) >= 1, page + " has no C# snippet");
        }
    }

    [Theory]
    [InlineData("using Makemore;\nConsole.WriteLine(NameModel.NoSuchMember());", "CS0117")]
    [InlineData("using Makemore;\nConsole.WriteLine(PetNames.Sample(new Random(1)).Lenght);", "CS1061")]
    [InlineData("using Makemore;\nstring? name = null;\nConsole.WriteLine(name.Length);", "CS8602")]
    public void A_snippet_that_does_not_compile_cleanly_is_caught(string snippet, string expectedId)
        => Assert.Contains(Compile(snippet), d => d.Id == expectedId);

    /// <summary>The errors and warnings of the snippet's compilation, the generator's own diagnostics included.</summary>
    private static List<Diagnostic> Compile(string snippet)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(snippet)
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(ImplicitUsings, new CSharpParseOptions(LanguageVersion.Latest), path: "GlobalUsings.g.cs"))
            .AddReferences(Training);
        var (output, generatorDiagnostics, _) = GeneratorHarness.Run(
            [
                GeneratorHarness.Names("emma\nolivia\nava\nisabella\nsophia\nmia\ncharlotte\namelia\n", "/project/names.txt"),
                GeneratorHarness.Names("rex\nfido\nbella\nluna\nmax\ncharlie\ncoco\nmilo\n", "/project/pets.txt", new()
                {
                    ["MakemoreModel"] = "PetNames",
                    ["MakemoreOrder"] = "6",
                    ["MakemoreSmoothing"] = "KneserNey",
                }),
            ],
            compilation: compilation);
        return generatorDiagnostics.Concat(output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
    }
}
