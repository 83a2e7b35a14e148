using System;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace Makemore.Tests.Docs;

/// <summary>The README's promises that only a file comparison can keep: the package test runs its snippet as written.</summary>
public class ReadmeTests
{
    internal static readonly string Root = RepositoryFiles.Root();

    [Fact]
    public void The_package_test_console_app_is_the_readme_snippet_unchanged()
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Match usage = Regex.Match(readme, @"<!-- package-readme-start -->.*?```csharp\n(?<code>.*?)```", RegexOptions.Singleline);
        Assert.True(usage.Success, "README.md has no C# snippet in its package-readme section");
        string program = File.ReadAllText(Path.Combine(Root, "tests", "Makemore.PackageTests", "Consumer", "Program.cs"));
        Assert.Equal(usage.Groups["code"].Value, program);
    }

    [Fact]
    public void The_readme_lists_every_diagnostic_the_generator_declares()
    {
        string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        foreach (string id in GeneratorDiagnostics.Ids())
        {
            Assert.Contains("| " + id + " |", readme, StringComparison.Ordinal);
        }
    }
}
