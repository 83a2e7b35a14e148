using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Makemore.Tests.Docs;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// The compiler passes an item's metadata to a generator only when the build lists it as CompilerVisibleItemMetadata:
/// a setting the generator reads but the package's props do not list is silently ignored in a real build, which the
/// generator tests (they hand the metadata over directly) cannot see.
/// </summary>
public sealed partial class CompilerVisibleMetadataTests
{
    [Fact]
    public void Every_item_metadata_the_generator_reads_is_made_visible_by_the_package()
    {
        string root = RepositoryFiles.Root();
        string parser = File.ReadAllText(Path.Combine(root, "src", "Makemore.Generator", "MakemoreGenerator.Parser.cs"));
        string props = File.ReadAllText(Path.Combine(root, "src", "Makemore.Runtime", "buildTransitive", "Makemore.props"));

        string[] read = [.. ReadByGenerator().Matches(parser).Select(m => m.Groups[1].Value).Distinct().Order()];
        string[] visible = [.. Visible().Matches(props).Select(m => m.Groups[1].Value).Distinct().Order()];

        Assert.Contains("MakemoreMaxTableBytes", read);
        Assert.Equal(read, visible);
    }

    [GeneratedRegex("""Metadata\(fileOptions, "(\w+)"\)""")]
    private static partial Regex ReadByGenerator();

    [GeneratedRegex("""<CompilerVisibleItemMetadata Include="AdditionalFiles" MetadataName="(\w+)" />""")]
    private static partial Regex Visible();
}
