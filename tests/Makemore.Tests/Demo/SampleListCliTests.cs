using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Makemore.Lecture;
using Makemore.Tests.Data;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary>
/// <c>sample</c> on the lists people bring (spaces, '.', apostrophes, commas, quotes, CJK): prefixes with spaces and
/// punctuation, novelty against names with spaces, distinct names, makemore.py's tags, and every format, each name
/// whole and meeting the options.
/// </summary>
public sealed class SampleListCliTests
{
    // Spaces, '.', ':' and apostrophes, a comma and quotes (CSV and JSON must quote them), '.' among the symbols.
    private static readonly string Punctuated = Write(
        "sample-punctuated.txt",
        "Mr. Mime\nMr. Rime\nMime Jr.\nType: Null\nFarfetch'd\nO'Neil, Jr.\n\"Big\" Ben\nSan Juan\nSan José\nSanta Fe\nEl Paso\nSt. Louis\n");

    public static TheoryData<string, string, string> Prefixes => new()
    {
        { "pokemon-en", "Mr. ", "4" },
        { "pokemon-en", "Type: ", "3" },
        { "cities-2000", "San ", "5" },
        { "star-wars", "Darth ", "6" },
        { "japanese-given-names", "美", "3" },
        { "pokemon-zh-hans", "皮卡", "2" },
        { "brands-5000", "St. ", "4" },
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Every_name_has_the_prefix_and_never_begins_or_ends_with_whitespace(string list, string prefix, string order)
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["sample", "--data", TestLists.PathOf(list), "--order", order, "--prefix", prefix, "--count", "60", "--seed", "7"]);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, exitCode);
        string[] names = Lines(stdout);
        Assert.Equal(60, names.Length);
        string alphabet = LanguageModel.FromText(TestLists.Text(list), 1).Alphabet[1..].ToString();
        Assert.All(names, name =>
        {
            Assert.StartsWith(prefix, name, StringComparison.Ordinal);
            Assert.Equal(name.Trim(), name);
            Assert.All(name, c => Assert.Contains(c, alphabet));
        });

        // Something follows a prefix that ends in a space: the name never ends there.
        Assert.All(names.Where(_ => prefix.EndsWith(' ')), name => Assert.True(name.Length > prefix.Length, $"\"{name}\""));
    }

    [Fact]
    public void Novel_names_are_not_the_lists_names_with_spaces()
    {
        // An order-8 model of 93 names copies them often: "Darth Vader", "Darth Maul"... With --novel, never.
        string list = TestLists.PathOf("star-wars");
        HashSet<string> listed = [.. TestLists.Lines("star-wars").Select(n => n.Trim())];
        string[] args = ["sample", "--data", list, "--order", "8", "--prefix", "Darth ", "--count", "300", "--seed", "3"];

        string[] plain = Lines(CliRun.Run(args).Stdout);
        (int exitCode, string stdout, string stderr) = CliRun.Run([.. args, "--novel"]);

        Assert.Contains(plain, listed.Contains); // the control: without --novel some are copies
        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, exitCode);
        string[] novel = Lines(stdout);
        Assert.Equal(300, novel.Length);
        Assert.All(novel, name => Assert.DoesNotContain(name, listed));
        Assert.All(novel, name => Assert.StartsWith("Darth ", name, StringComparison.Ordinal));
    }

    [Fact]
    public void Unique_names_with_a_space_in_the_prefix_are_all_different()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(
            ["sample", "--data", TestLists.PathOf("cities-2000"), "--order", "4", "--prefix", "San ", "--unique", "--count", "150", "--max-length", "12", "--seed", "9"]);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, exitCode);
        string[] names = Lines(stdout);
        Assert.Equal(150, names.Length);
        Assert.Equal(150, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.True(name.StartsWith("San ", StringComparison.Ordinal) && name.Length <= 12 && name.Trim() == name, $"\"{name}\""));
    }

    [Fact]
    public void Tags_are_the_parts_of_the_split_that_hold_each_name()
    {
        // A list with spaces and '.': the split and the tags compare whole names, spaces included.
        string path = TestLists.PathOf("cities-2000");
        LectureSplit split = LectureSplit.FromText(TestLists.Text("cities-2000"));
        HashSet<string>[] parts = [[.. split.Train], [.. split.Dev], [.. split.Test]];
        (int exitCode, string stdout, string stderr) = CliRun.Run(["sample", "--data", path, "--order", "6", "--count", "200", "--seed", "5", "--tags", "--format", "json"]);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, exitCode);
        (string Name, string Tag)[] tagged = [.. JsonSerializer.Deserialize<JsonElement[]>(stdout)!.Select(item => (item.GetProperty("name").GetString()!, item.GetProperty("tag").GetString()!))];
        Assert.Equal(200, tagged.Length);
        foreach ((string name, string tag) in tagged)
        {
            int part = Array.FindIndex(parts, p => p.Contains(name));
            Assert.Equal(part switch { 0 => "train", 1 => "dev", 2 => "test", _ => "new" }, tag);
        }

        Assert.Contains(tagged, t => t.Tag == "train" && t.Name.Contains(' ', StringComparison.Ordinal)); // a copied name with a space
        Assert.Contains(tagged, t => t.Tag == "new");

        // The text format prints the same names in makemore.py's groups.
        string text = CliRun.Run(["sample", "--data", path, "--order", "6", "--count", "200", "--seed", "5", "--tags"]).Stdout.ReplaceLineEndings("\n");
        foreach (string tag in new[] { "train", "dev", "test", "new" })
        {
            string[] group = [.. tagged.Where(t => t.Tag == tag).Select(t => t.Name)];
            string header = $"{group.Length} samples that are {(tag == "new" ? "new" : "in " + tag)}:\n";
            Assert.Contains(header + string.Concat(group.Select(n => n + "\n")), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Text_json_and_csv_hold_the_same_names_spaces_quotes_commas_and_dots_kept()
    {
        string[] args = ["sample", "--data", Punctuated, "--order", "3", "--count", "400", "--seed", "11"];

        string[] text = Lines(CliRun.Run(args).Stdout);
        string[] json = [.. JsonSerializer.Deserialize<JsonElement[]>(CliRun.Run([.. args, "--format", "json"]).Stdout)!.Select(item => item.GetProperty("name").GetString()!)];
        List<string[]> csv = Csv(CliRun.Run([.. args, "--format", "csv"]).Stdout);

        Assert.Equal(400, text.Length);
        Assert.Equal(text, json);
        Assert.Equal(["name"], csv[0]);
        Assert.Equal(text, csv.Skip(1).Select(row => Assert.Single(row)));

        // The characters that need quoting were drawn, and survived each format.
        Assert.Contains(text, name => name.Contains(',', StringComparison.Ordinal));
        Assert.Contains(text, name => name.Contains('"', StringComparison.Ordinal));
        Assert.Contains(text, name => name.Contains('.', StringComparison.Ordinal));
        Assert.Contains(text, name => name.Contains(' ', StringComparison.Ordinal));
        Assert.All(text, name => Assert.Equal(name.Trim(), name));
    }

    [Fact]
    public void Csv_with_tags_quotes_the_name_not_the_tag()
    {
        (int exitCode, string stdout, _) = CliRun.Run(["sample", "--data", Punctuated, "--order", "2", "--count", "300", "--seed", "12", "--tags", "--format", "csv"]);

        Assert.Equal(0, exitCode);
        List<string[]> rows = Csv(stdout);
        Assert.Equal(["name", "tag"], rows[0]);
        Assert.All(rows.Skip(1), row => Assert.Matches("^(train|dev|test|new)$", Assert.Single(row.Skip(1))));
        Assert.Contains(rows, row => row[0].Contains(',', StringComparison.Ordinal));
    }

    public static TheoryData<string[], string> BadPrefixes => new()
    {
        // No name begins with whitespace, or ends with it.
        { ["sample", "--data", TestLists.PathOf("cities-2000"), "--prefix", " San"], "error: No name of this model starts with \" San\": ' ' never follows \"\"." },
        { ["sample", "--data", TestLists.PathOf("cities-2000"), "--prefix", "San ", "--max-length", "4"], "error: No name of this model starts with \"San \" and has at most 4 characters." },
        { ["sample", "--data", TestLists.PathOf("cities-2000"), "--prefix", "San ", "--max-length", "4", "--format", "json"], "error: No name of this model starts with \"San \"" },
        { ["sample", "--data", TestLists.PathOf("pokemon-en"), "--prefix", "Mr.\u00A0"], "has U+00A0 at index 3, which is not a character of the model's names" },
        { ["sample", "--data", TestLists.PathOf("japanese-surnames"), "--prefix", "Z"], "'Z' (U+005A) at index 0, which is not a character of the model's names (\"\u3005三上下中" },
    };

    [Theory]
    [MemberData(nameof(BadPrefixes))]
    public void A_prefix_no_name_can_have_is_one_line_on_stderr(string[] args, string expected) => CliRun.AssertOneErrorLine(args, expected);

    /// <summary>RFC 4180 rows: fields split at commas outside quotes, a quoted field's "" made ".</summary>
    private static List<string[]> Csv(string text)
    {
        var rows = new List<string[]>();
        foreach (string line in Lines(text))
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (c == ',' && !quoted)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            Assert.False(quoted, $"unbalanced quotes in {line}");
            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }

        return rows;
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n')[..^1];

    private static string Write(string fileName, string text)
    {
        // Beside the test assembly, overwritten on each run rather than left behind in the temp directory.
        string path = Path.Combine(AppContext.BaseDirectory, fileName);
        File.WriteAllText(path, text);
        return path;
    }
}
