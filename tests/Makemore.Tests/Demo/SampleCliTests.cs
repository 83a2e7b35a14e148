using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary><c>sample</c> on the command line: what it prints for each format, and one line for every bad argument.</summary>
public sealed class SampleCliTests
{
    private static readonly string Names = Path.Combine(AppContext.BaseDirectory, "data", "names.txt");

    private static readonly HashSet<string> ListNames = new(File.ReadAllLines(Names).Select(l => l.Trim()).Where(l => l.Length > 0), StringComparer.Ordinal);

    // Every name of two letters over {a, b}: no two-letter name is new.
    private static readonly string TwoLetters = Write("sample-two-letters.txt", "aa\nab\nba\nbb\n");

    private static readonly string NotAList = Write("sample-not-a-list.txt", "ann\nb\tb\n");

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["sample", "--data", Names, "--format", "xml"], "error: --format must be one of Text, Json, Csv; got 'xml'." },
        { ["sample", "--data", Names, "--temperature", "0"], "error: --temperature must be a finite number > 0; got '0'." },
        { ["sample", "--data", Names, "--temperature", "Infinity"], "error: --temperature must be a finite number > 0; got 'Infinity'." },
        { ["sample", "--data", Names, "--order", "9"], "error: --order must be a whole number from 1 to 8; got '9'." },
        { ["sample", "--data", Names, "--order", "0"], "error: --order must be a whole number from 1 to 8; got '0'." },
        { ["sample", "--data", Names, "--min-length", "-1"], "error: --min-length must be a whole number from 0 to 2147483647; got '-1'." },
        { ["sample", "--data", Names, "--max-length", "x"], "error: --max-length must be a whole number from 0 to 2147483647; got 'x'." },
        { ["sample", "--data", Names, "--count", "-1"], "error: --count must be a whole number from 0 to 100000; got '-1'." },
        { ["sample", "--data", Names, "--seed", "-1"], "error: --seed must be a whole number from 0 to 18446744073709551615; got '-1'." },
        { ["sample", "--data", Names, "--smoothing", "Good-Turing"], "error: --smoothing must be KneserNey or a number α from 0 to 1e300 (additive smoothing) whose value does not underflow; got 'Good-Turing'." },
        { ["sample", "--data", Names, "--smoothing", "-1"], "got '-1'." },
        { ["sample"], "error: Option '--data' is required." },
        { ["sample", "--data", "/nonexistent"], "error: /nonexistent does not exist." },
        { ["sample", "--data", Path.GetTempPath()], "is a directory, not a names list." },
        { ["sample", "--data", NotAList], "is not a names list: The names list is invalid: control character or line separator U+0009 at line 2, column 2" },
        { ["sample", "--data", NotAList, "--tags"], "is not a names list: The names list is invalid: control character or line separator U+0009 at line 2, column 2" },
        {
            ["sample", "--data", Names, "--prefix", "Z"],
            "error: The prefix \"Z\" has 'Z' (U+005A) at index 0, which is not a character of the model's names (\"abcdefghijklmnopqrstuvwxyz\")."
        },
        { ["sample", "--data", Names, "--min-length", "5", "--max-length", "3"], "error: The options ask for names of at least 5 and at most 3 characters." },
        { ["sample", "--data", Names, "--prefix", "abcd", "--max-length", "3"], "more than the 3 the options allow." },
        { ["sample", "--data", TwoLetters, "--novel", "--min-length", "2", "--max-length", "2"], "error: Almost no name of this model that has exactly 2 characters is new" },
        { ["sample", "--data", TwoLetters, "--novel", "--min-length", "2", "--max-length", "2", "--count", "0"], "error: Almost no name" },
        { ["sample", "--data", TwoLetters, "--unique", "--count", "5", "--max-length", "2", "--min-length", "2"], "error: 5 different names were asked for, but this model has only 4 names that meet the options: each has exactly 2 characters; ask for at most 4." },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_is_one_line_on_stderr_and_exit_code_2(string[] args, string expected)
        => CliRun.AssertOneErrorLine(args, expected);

    [Fact]
    public void Text_is_one_name_a_line_each_meeting_the_options()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(
            ["sample", "--data", Names, "--order", "3", "--prefix", "ma", "--min-length", "4", "--max-length", "7", "--novel", "--count", "40", "--seed", "5"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        string[] lines = Lines(stdout);
        Assert.Equal(40, lines.Length);
        Assert.All(lines, name =>
        {
            Assert.StartsWith("ma", name, StringComparison.Ordinal);
            Assert.InRange(name.Length, 4, 7);
            Assert.DoesNotContain(name, ListNames);
        });
    }

    [Fact]
    public void Unique_names_are_all_different()
    {
        (int exitCode, string stdout, _) = CliRun.Run(["sample", "--data", Names, "--order", "2", "--unique", "--count", "200", "--max-length", "3", "--seed", "9"]);

        Assert.Equal(0, exitCode);
        string[] lines = Lines(stdout);
        Assert.Equal(200, lines.Length);
        Assert.Equal(200, lines.Distinct(StringComparer.Ordinal).Count());
        Assert.All(lines, name => Assert.True(name.Length <= 3, name));
    }

    [Fact]
    public void The_same_seed_gives_the_same_names_and_another_seed_others()
    {
        string[] args = ["sample", "--data", Names, "--order", "5", "--smoothing", "KneserNey", "--temperature", "0.8", "--count", "20", "--seed", "42"];

        string first = CliRun.Run(args).Stdout;
        string second = CliRun.Run(args).Stdout;
        string other = CliRun.Run([.. args[..^1], "43"]).Stdout;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Json_is_an_array_of_objects_with_a_name()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["sample", "--data", Names, "--count", "7", "--seed", "1", "--format", "json"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        using JsonDocument json = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        Assert.Equal(7, json.RootElement.GetArrayLength());
        Assert.All(json.RootElement.EnumerateArray(), item => Assert.Equal(JsonValueKind.String, item.GetProperty("name").ValueKind));

        // The names are the text format's, in the same order.
        string[] text = Lines(CliRun.Run(["sample", "--data", Names, "--count", "7", "--seed", "1"]).Stdout);
        Assert.Equal(text, json.RootElement.EnumerateArray().Select(item => item.GetProperty("name").GetString()));
    }

    [Fact]
    public void Json_and_csv_of_no_names_are_still_valid()
    {
        using JsonDocument json = JsonDocument.Parse(CliRun.Run(["sample", "--data", Names, "--count", "0", "--format", "json"]).Stdout);
        Assert.Equal(0, json.RootElement.GetArrayLength());
        Assert.Equal(["name"], Lines(CliRun.Run(["sample", "--data", Names, "--count", "0", "--format", "csv"]).Stdout));
    }

    [Fact]
    public void Csv_has_a_header_and_a_row_a_name()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["sample", "--data", Names, "--count", "12", "--seed", "2", "--format", "csv", "--tags"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        string[] lines = Lines(stdout);
        Assert.Equal(13, lines.Length);
        Assert.Equal("name,tag", lines[0]);
        Assert.All(lines[1..], row => Assert.Matches("^[a-z]*,(train|dev|test|new)$", row));
    }

    [Fact]
    public void Csv_and_json_quote_what_needs_quoting()
    {
        string odd = Write("sample-odd-names.txt", "o\"neil\na,b\nzoë\n");

        string[] csv = Lines(CliRun.Run(["sample", "--data", odd, "--count", "50", "--seed", "3", "--format", "csv"]).Stdout);
        string[] json = JsonSerializer.Deserialize<JsonElement[]>(CliRun.Run(["sample", "--data", odd, "--count", "50", "--seed", "3", "--format", "json"]).Stdout)!
            .Select(item => item.GetProperty("name").GetString()!).ToArray();

        // RFC 4180: a field with a comma or a quote is quoted, its quotes doubled; an empty name is "" (not a blank row).
        string[] expected = json.Select(name => name.Length == 0 || name.Contains(',', StringComparison.Ordinal) || name.Contains('"', StringComparison.Ordinal) ? $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : name).ToArray();
        Assert.Equal(["name", .. expected], csv);
        Assert.Contains(json, name => name.Contains(',', StringComparison.Ordinal));
        Assert.Contains(json, name => name.Contains('"', StringComparison.Ordinal));
        Assert.Contains(json, name => name.Contains('ë', StringComparison.Ordinal));
    }

    [Fact]
    public void Tags_group_the_names_as_makemore_py_prints_them()
    {
        (int exitCode, string stdout, string stderr) = CliRun.Run(["sample", "--data", Names, "--order", "6", "--count", "30", "--seed", "3", "--tags"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        string[] lines = Lines(stdout);
        string rule = new('-', 80);
        Assert.Equal(rule, lines[0]);
        Assert.Equal(rule, lines[^1]);

        // Four groups in makemore.py's order (dev added), each header followed by as many names as it counts.
        string[] groups = ["in train", "in dev", "in test", "new"];
        int at = 1;
        int total = 0;
        var tagged = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string group in groups)
        {
            Match header = Regex.Match(lines[at], $"^(\\d+) samples that are {group}:$");
            Assert.True(header.Success, lines[at]);
            int n = int.Parse(header.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            tagged[group] = [.. lines[(at + 1)..(at + 1 + n)]];
            at += n + 1;
            total += n;
        }

        Assert.Equal(lines.Length - 1, at);
        Assert.Equal(30, total);

        // The tags are the lecture split's: train, dev and test names are the list's, new ones are not; an
        // order-6 model of the list's train part copies some training names.
        Assert.NotEmpty(tagged["in train"]);
        Assert.All(tagged["in train"].Concat(tagged["in dev"]).Concat(tagged["in test"]), name => Assert.Contains(name, ListNames));
        Assert.All(tagged["new"], name => Assert.DoesNotContain(name, ListNames));
    }

    [Fact]
    public void Tags_in_json_are_a_field_that_agrees_with_the_text_groups()
    {
        string[] args = ["sample", "--data", Names, "--order", "6", "--count", "30", "--seed", "3", "--tags"];
        using JsonDocument json = JsonDocument.Parse(CliRun.Run([.. args, "--format", "json"]).Stdout);
        string text = CliRun.Run(args).Stdout;

        var newNames = json.RootElement.EnumerateArray().Where(item => item.GetProperty("tag").GetString() == "new").Select(item => item.GetProperty("name").GetString()).ToList();
        Assert.Contains($"{newNames.Count} samples that are new:\n{string.Concat(newNames.Select(n => n + "\n"))}", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Novel_with_tags_excludes_only_the_train_part()
    {
        (int exitCode, string stdout, _) = CliRun.Run(["sample", "--data", Names, "--order", "8", "--count", "200", "--seed", "4", "--tags", "--novel", "--format", "csv"]);

        Assert.Equal(0, exitCode);
        string[] tags = Lines(stdout)[1..].Select(row => row.Split(',')[1]).ToArray();
        Assert.DoesNotContain("train", tags);
        Assert.Contains("new", tags);
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
