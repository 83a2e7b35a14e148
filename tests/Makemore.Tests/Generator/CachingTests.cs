using System.Collections.Generic;
using System.Linq;
using Makemore.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Makemore.Tests.Generator;

public class CachingTests
{
    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void An_unrelated_source_edit_neither_rereads_nor_recounts_the_names()
    {
        var files = new[] { GeneratorHarness.Names("emma\nolivia\nava") };
        CSharpCompilation compilation = GeneratorHarness.Compilation();
        GeneratorDriver driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);
        Assert.All(Reasons(driver, TrackingNames.Models), r => Assert.Equal(IncrementalStepRunReason.New, r));

        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { int X => 42; }", path: "Unrelated.cs"));
        driver = driver.RunGenerators(edited);

        Assert.All(Reasons(driver, TrackingNames.Requests), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(driver, TrackingNames.Models), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(driver, TrackingNames.AllModels), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.NotEmpty(Reasons(driver, TrackingNames.Models));
    }

    [Fact]
    public void Editing_the_names_list_recounts_it()
    {
        var original = GeneratorHarness.Names("emma\nolivia");
        GeneratorDriver driver = GeneratorHarness.CreateDriver([original]).RunGenerators(GeneratorHarness.Compilation());
        var edited = GeneratorHarness.Names("emma\nolivia\nava");
        driver = driver.ReplaceAdditionalText(original, edited).RunGenerators(GeneratorHarness.Compilation());
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, TrackingNames.Models));
    }
}
