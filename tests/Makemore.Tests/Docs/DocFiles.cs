using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Makemore.Tests.Docs;

/// <summary>A fenced block of README.md or a page of docs/: its file (relative to the root), its number in the file, its text.</summary>
internal sealed record DocBlock(string File, int Index, string Language, string Text)
{
    /// <summary>How a test names the block: "docs/sampling.md #2".</summary>
    public string Id => $"{File} #{Index}";
}

/// <summary>The documentation a newcomer reads: README.md and docs/*.md, and the fenced blocks they hold.</summary>
internal static class DocFiles
{
    /// <summary>README.md, then docs/*.md in ordinal order, as paths relative to the root with '/'.</summary>
    public static IReadOnlyList<string> Pages()
    {
        string root = RepositoryFiles.Root();
        return ["README.md", .. Directory.GetFiles(Path.Combine(root, "docs"), "*.md")
            .Select(p => "docs/" + Path.GetFileName(p))
            .Order(StringComparer.Ordinal)];
    }

    public static string Read(string page) =>
        File.ReadAllText(Path.Combine(RepositoryFiles.Root(), page)).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Every fenced block of <paramref name="language"/> in the pages, numbered from 1 within each page.</summary>
    public static IReadOnlyList<DocBlock> Blocks(string language) =>
        Pages().SelectMany(page => Regex.Matches(Read(page), "^```" + Regex.Escape(language) + "\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)
                .Select((m, i) => new DocBlock(page, i + 1, language, m.Groups[1].Value)))
            .ToList();

    /// <summary>Words split as a shell splits them: a double-quoted word kept whole, without its quotes.</summary>
    public static string[] ShellWords(string command) =>
        Regex.Matches(command, "\"([^\"]*)\"|(\\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToArray();
}
