using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>The size budget at build time: MakemoreMaxTableBytes, the pruning it makes (MM0021) and the models it refuses (MM0022, MM0023).</summary>
public class BudgetTests
{
    private static (Compilation Output, Diagnostic[] Diagnostics) Run(string names, Dictionary<string, string> metadata)
    {
        var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(names, metadata: metadata)]);
        return (output, diagnostics.ToArray());
    }

    [LectureFact]
    public void A_model_over_the_budget_is_pruned_to_fit_and_the_build_says_what_and_at_what_cost()
    {
        var (output, diagnostics) = Run(LectureData.Text, new() { ["MakemoreOrder"] = "8" });
        Diagnostic report = Assert.Single(diagnostics);
        Assert.Equal("MM0021", report.Id);
        Assert.Equal(DiagnosticSeverity.Info, report.Severity);
        string message = report.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("more than MakemoreMaxTableBytes 8388608", message, System.StringComparison.Ordinal);
        Assert.Contains("seen fewer than 2 times were pruned", message, System.StringComparison.Ordinal);
        Assert.Contains("held-out NLL on the list's own folds rose by 0.00", message, System.StringComparison.Ordinal);

        LanguageModel model = GeneratorHarness.Model(GeneratorHarness.Load(output), "Makemore.NameModel").Language;
        Assert.InRange(model.TableBytes, 1, LanguageModel.DefaultMaxTableBytes);
        Assert.Equal(model.TableBytes, LanguageModel.FromText(LectureData.Text, 8).TableBytes); // the run-time model prunes alike
    }

    [Theory]
    [InlineData("2MB", 2L << 20)]
    [InlineData("512kb", 512L << 10)]
    [InlineData("3000000", 3_000_000L)]
    public void The_budget_is_a_number_of_bytes_with_an_optional_unit(string written, long bytes)
    {
        string names = string.Join("\n", DefaultData.Text.Split('\n').Take(8000));
        var (output, diagnostics) = Run(names, new() { ["MakemoreOrder"] = "6", ["MakemoreMaxTableBytes"] = written });
        Assert.All(diagnostics, d => Assert.Equal("MM0021", d.Id));
        LanguageModel model = GeneratorHarness.Model(GeneratorHarness.Load(output), "Makemore.NameModel").Language;
        Assert.InRange(model.TableBytes, 1, bytes);
    }

    [Fact]
    public void A_budget_nothing_fits_is_MM0022_naming_the_smallest_size()
    {
        var (_, diagnostics) = Run("emma\nolivia\nava\nisabella", new() { ["MakemoreOrder"] = "4", ["MakemoreMaxTableBytes"] = "100" });
        Diagnostic error = Assert.Single(diagnostics);
        Assert.Equal("MM0022", error.Id);
        Assert.Matches("take [0-9]+ bytes, more than MakemoreMaxTableBytes 100; raise MakemoreMaxTableBytes to at least [0-9]+", error.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5MB")]
    [InlineData("2TB")]
    public void A_budget_that_is_not_a_number_of_bytes_is_MM0023(string written)
    {
        var (_, diagnostics) = Run("emma", new() { ["MakemoreMaxTableBytes"] = written });
        Assert.Equal("MM0023", Assert.Single(diagnostics).Id);
    }
}
