using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Makemore.Tests.Docs;

/// <summary>The README's promises that only a file comparison can keep: the package test runs its snippet as written, it stays short, and its links and the docs' hold.</summary>
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
    public void The_diagnostics_page_lists_every_diagnostic_the_generator_declares_and_the_readme_links_it()
    {
        string page = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics.md"));
        foreach (string id in GeneratorDiagnostics.Ids())
        {
            Assert.Contains("| " + id + " |", page, StringComparison.Ordinal);
        }

        Assert.Contains("(https://github.com/makemore-dotnet/makemore/blob/main/docs/diagnostics.md)", PackageSection(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_is_read_in_two_minutes() =>
        Assert.InRange(File.ReadAllLines(Path.Combine(Root, "README.md")).Length, 1, 200);

    [Theory]
    [InlineData("../")]
    [InlineData("/work/")]
    [InlineData("/tmp/")]
    [InlineData("shared/data")]
    public void The_readme_names_no_path_outside_the_repository(string outside) =>
        Assert.DoesNotContain(outside, File.ReadAllText(Path.Combine(Root, "README.md")), StringComparison.Ordinal);

    [Theory]
    [InlineData(@"\bwas \d[\d.,]* ?(ns|µs|ms|s)\b")] // "was 192.7 ns": history goes to bench/RESULTS.md
    [InlineData(@"\bload (average )?[≈~]?\s?\d")] // dated load figures
    [InlineData(@"\b\d[\d,]* passed\b")] // CI counts
    [InlineData(@"\b20\d\d-\d\d-\d\d\b")] // dates: measurements carry theirs in bench/RESULTS.md
    public void The_readme_holds_no_dated_measurement(string pattern) =>
        Assert.DoesNotMatch(pattern, File.ReadAllText(Path.Combine(Root, "README.md")));

    /// <summary>Every relative link of README.md and docs/*.md, and every link into the repository on GitHub, names a file that exists.</summary>
    [Fact]
    public void Every_link_of_the_docs_into_the_repository_names_a_file_that_exists()
    {
        const string GitHub = "https://github.com/makemore-dotnet/makemore/blob/main/";
        int links = 0;
        foreach (string page in DocFiles.Pages())
        {
            foreach (Match link in Regex.Matches(DocFiles.Read(page), @"\]\((?<target>[^)#\s]+)(#[^)]*)?\)"))
            {
                string target = link.Groups["target"].Value;
                string? path = target.StartsWith(GitHub, StringComparison.Ordinal) ? Path.Combine(Root, target[GitHub.Length..])
                    : target.Contains("://", StringComparison.Ordinal) ? null
                    : Path.GetFullPath(Path.Combine(Root, Path.GetDirectoryName(page)!, target));
                if (path is not null)
                {
                    links++;
                    Assert.True(File.Exists(path) || Directory.Exists(path), $"{page} links to {target}, which does not exist");
                }
            }
        }

        Assert.True(links >= 10, $"only {links} links found: the pattern no longer matches the docs' links");
    }

    /// <summary>nuget.org shows the package section without the repository around it: a relative link there leads nowhere.</summary>
    [Fact]
    public void Every_link_of_the_package_readme_is_absolute()
    {
        var targets = Regex.Matches(PackageSection(), @"\]\((?<target>[^)\s]+)\)").Select(m => m.Groups["target"].Value).ToList();
        Assert.NotEmpty(targets);
        Assert.All(targets, target => Assert.StartsWith("https://", target, StringComparison.Ordinal));
    }

    private static string PackageSection() =>
        Regex.Match(File.ReadAllText(Path.Combine(Root, "README.md")), "<!-- package-readme-start -->(.*?)<!-- package-readme-end -->", RegexOptions.Singleline).Groups[1].Value;
}
