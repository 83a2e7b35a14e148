using Makemore.Symbols;

namespace Makemore.Tests;

/// <summary>The lecture's bigram model as the tests build and read it: additive α, cells by character.</summary>
internal static class Bigram
{
    /// <summary>The order-2 model with additive smoothing α.</summary>
    public static LanguageModel FromText(string text, double smoothing = 1.0) =>
        LanguageModel.FromText(text, smoothing: Smoothing.Additive(smoothing));

    /// <summary>N[previous, next], '.' for start and end.</summary>
    public static int Count(this LanguageModel model, char previous, char next) => model.Counts[Cell(model, previous, next)];

    /// <summary>P[previous, next] from the float matrix, '.' for start and end.</summary>
    public static float Probability(this LanguageModel model, char previous, char next) => model.Probabilities[Cell(model, previous, next)];

    private static int Cell(LanguageModel model, char previous, char next) =>
        (SymbolLookup.IndexOfSymbol(model.Alphabet, model.AsciiIndex, previous, nameof(previous)) * model.VocabularySize)
        + SymbolLookup.IndexOfSymbol(model.Alphabet, model.AsciiIndex, next, nameof(next));
}
