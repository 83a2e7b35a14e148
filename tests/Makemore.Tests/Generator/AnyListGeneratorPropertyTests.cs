using System.Collections.Generic;
using CsCheck;
using Makemore.Tests.Runtime;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Makemore.Tests.Generator;

/// <summary>
/// Any list a user brings (<see cref="AnyList"/>: spaces, '.', punctuation, digits, CJK), compiled by the generator
/// at any order and smoothing, is the model <see cref="LanguageModel.FromText"/> builds at run time, table for table.
/// Each case compiles an assembly, so there are few of them.
/// </summary>
public class AnyListGeneratorPropertyTests
{
    private static readonly Gen<(string Metadata, Smoothing Smoothing)> Smoothings = Gen.OneOf(
        ("KneserNey", Smoothing.KneserNey),
        ("0.5", Smoothing.Additive(0.5)),
        ("1", Smoothing.Additive(1)));

    [Fact]
    public void The_generated_model_of_any_list_is_the_run_time_model() =>
        Gen.Select(AnyList.Any(16), Gen.Int[1, 8], Smoothings).Sample(
            (list, order, smoothing) =>
            {
                var metadata = new Dictionary<string, string>
                {
                    ["MakemoreModel"] = "Pets",
                    ["MakemoreOrder"] = order.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["MakemoreSmoothing"] = smoothing.Metadata,
                };
                var (output, diagnostics, _) = GeneratorHarness.Run([GeneratorHarness.Names(list.Text, "/project/pets.txt", metadata)]);
                Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);

                var generated = GeneratorHarness.Model(GeneratorHarness.Load(output), "Makemore.Pets");
                LanguageModel runtime = LanguageModel.FromText(list.Text, order, smoothing.Smoothing);
                Assert.Equal(list.Alphabet, generated.Alphabet);
                SameTables.Assert(runtime, generated.Language);
                Assert.All(list.Names, name => Assert.True(generated.Language.ContainsName(name), name));
            },
            iter: 10,
            threads: 1);
}
