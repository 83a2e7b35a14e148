using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// The generated source for tiny lists, compared as text with baselines under Generator/Baselines (as the Regex
/// generator's output tests do), so a change to what users' projects compile is seen in review. Set
/// MAKEMORE_UPDATE_BASELINES=1 to rewrite the baselines from the current emitter, then read the diff.
/// </summary>
public class EmittedSourceTests
{
    public static TheoryData<string, string, string?, string?> Models => new()
    {
        { "TinyBigram", "ann\nbob\nanna", null, null },
        { "TinyTree", "ann\nbob\nanna", "3", "KneserNey" },
        { "TinyTreeAdditive", "ab\nba", "2", "0.5" },
        { "Punctuated", "Mr. Mime\nHo-Oh\nType: Null\nFarfetch'd\nNidoran\u2640\nPorygon2", "4", null },
        { "Quoted", "\"Ace\" Ann\nsay \"\"\"\"hi\"\"\"\"\n\\back\\slash", null, null },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void The_emitted_source_matches_its_baseline(string baseline, string names, string? order, string? smoothing)
    {
        var metadata = new Dictionary<string, string> { ["MakemoreModel"] = baseline };
        if (order is not null)
        {
            metadata["MakemoreOrder"] = order;
        }

        if (smoothing is not null)
        {
            metadata["MakemoreSmoothing"] = smoothing;
        }

        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(names, "/project/" + baseline + ".txt", metadata)]);
        Assert.Empty(diagnostics);
        GeneratorHarness.Load(output); // compiles without a warning
        string source = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToString();

        // The generator's version is stamped into [GeneratedCode] and the recipe; the baseline holds a placeholder.
        string version = typeof(Makemore.Generator.MakemoreGenerator).Assembly.GetName().Version!.ToString();
        source = source.Replace("\"" + version + "\"", "\"{version}\"", StringComparison.Ordinal)
            .Replace(" generator " + version + "\n", " generator {version}\n", StringComparison.Ordinal);

        string path = Path.Combine(Docs.ReadmeTests.Root, "tests", "Makemore.Tests", "Generator", "Baselines", baseline + ".g.cs.txt");
        if (Environment.GetEnvironmentVariable("MAKEMORE_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, source);
        }

        Assert.True(File.Exists(path), "No baseline at " + path + "; run with MAKEMORE_UPDATE_BASELINES=1 to write it.");
        Assert.Equal(File.ReadAllText(path), source);
    }
}
