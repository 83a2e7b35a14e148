using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Makemore.Tests.Docs;

/// <summary>Every diagnostic's help link lands on its own section of docs/diagnostics.md.</summary>
public class DiagnosticsPageTests
{
    [Fact]
    public void Every_descriptor_has_a_section_whose_anchor_is_its_help_link()
    {
        string page = File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "docs", "diagnostics.md"));
        string[] anchors = Regex.Matches(page, "^#{1,6} (?<heading>.+)$", RegexOptions.Multiline)
            .Select(m => GitHubAnchor(m.Groups["heading"].Value.Trim()))
            .ToArray();
        foreach (var descriptor in GeneratorDiagnostics.All())
        {
            string fragment = descriptor.HelpLinkUri[(descriptor.HelpLinkUri.IndexOf('#', StringComparison.Ordinal) + 1)..];
            Assert.True(anchors.Contains(fragment), $"docs/diagnostics.md has no heading with the anchor #{fragment} ({descriptor.Id})");
        }
    }

    [Fact]
    public void Every_section_has_a_cause_an_example_and_a_fix()
    {
        string page = File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "docs", "diagnostics.md"));
        foreach (string id in GeneratorDiagnostics.Ids())
        {
            Match section = Regex.Match(page, "^## " + id + "\\n(?<body>.*?)(?=^## |\\z)", RegexOptions.Multiline | RegexOptions.Singleline);
            Assert.True(section.Success, id);
            string body = section.Groups["body"].Value;
            // The diagnostic as the build prints it (MM0019 and MM0031 are warnings, MM0021 and MM0024 reports).
            Assert.Contains((id switch { "MM0019" or "MM0031" => "warning ", "MM0021" or "MM0024" => "info ", _ => "error " }) + id + ":", body, StringComparison.Ordinal);
            Assert.Contains("**Fix.**", body, StringComparison.Ordinal);
        }
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation other than '-' and '_' dropped, spaces to '-'.</summary>
    private static string GitHubAnchor(string heading) =>
        Regex.Replace(heading.ToLowerInvariant(), @"[^\p{L}\p{Nd}\s_-]", string.Empty).Replace(' ', '-');
}
