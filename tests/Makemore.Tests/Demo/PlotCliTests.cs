using System;
using System.IO;
using System.Linq;
using Makemore.Demo;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary><c>plot</c>: the lecture's bigram figure and, above order 2, the most frequent contexts, to a PNG.</summary>
public sealed class PlotCliTests
{
    private static readonly string Names = Path.Combine(AppContext.BaseDirectory, "data", "names.txt");

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["plot", "--order", "1"], "error: --order must be a whole number from 2 to 8; got '1'." },
        { ["plot", "--order", "9"], "error: --order must be a whole number from 2 to 8; got '9'." },
        { ["plot", "--order", "3", "--top", "0"], "error: --top must be a whole number from 1 to 100; got '0'." },
        { ["plot", "--data", "/nonexistent", "--order", "3"], "error: /nonexistent does not exist." },
        { ["plot", "--data", Write("plot-not-a-list.txt", "ann\nb\tb\n"), "--order", "3"], "is not a names list: The names list is invalid: control character or line separator U+0009 at line 2, column 2" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_is_one_line_on_stderr_and_exit_code_2(string[] args, string expected)
        => CliRun.AssertOneErrorLine(args, expected);

    [Theory]
    [InlineData("2", "27×27 bigram count heatmap")]
    [InlineData("3", "order-3 count heatmap (27 most frequent contexts × 27 next characters)")]
    [InlineData("8", "order-8 count heatmap (27 most frequent contexts × 27 next characters)")]
    public void A_list_of_any_order_is_drawn_to_a_png(string order, string what)
    {
        string path = Path.Combine(AppContext.BaseDirectory, $"plot-order-{order}.png");
        File.Delete(path);

        (int exitCode, string stdout, string stderr) = CliRun.Run(["plot", "--data", Names, "--order", order, "--output", path]);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains(what, stdout.ReplaceLineEndings(" "), StringComparison.Ordinal);
        byte[] png = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, png[..8]);
        Assert.True(png.Length > 50_000, $"{png.Length} bytes");
    }

    [Fact]
    public void The_bigram_counts_are_the_compiled_models_N()
    {
        ContextCounts counts = ContextCounts.Count(File.ReadAllText(Names), order: 2, top: int.MaxValue);

        Assert.Equal(DefaultNames.Alphabet.ToString(), counts.Alphabet);
        int v = counts.Columns;
        Assert.Equal(v, counts.Rows);
        Assert.Equal(DefaultNames.Counts.ToArray(), Enumerable.Range(0, v * v).Select(i => counts[i / v, i % v]));
    }

    [Fact]
    public void Higher_orders_keep_the_most_frequent_contexts_with_every_count()
    {
        // Each name is counted once from the all-dots start, so that row sums to the number of names.
        ContextCounts counts = ContextCounts.Count("emma\nemily\nava\n", order: 3, top: 2);

        Assert.Equal(".aeilmvy", counts.Alphabet);
        Assert.Equal(["..", ".e"], counts.Contexts);
        Assert.Equal([0, 1, 2, 0, 0, 0, 0, 0], Enumerable.Range(0, counts.Columns).Select(c => counts[0, c]));
        Assert.Equal([0, 0, 0, 0, 0, 2, 0, 0], Enumerable.Range(0, counts.Columns).Select(c => counts[1, c]));
    }

    private static string Write(string fileName, string text)
    {
        // Beside the test assembly, overwritten on each run rather than left behind in the temp directory.
        string path = Path.Combine(AppContext.BaseDirectory, fileName);
        File.WriteAllText(path, text);
        return path;
    }
}
