using System.Globalization;
using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling.Parsing;
using Makemore.Symbols;

namespace Makemore.Constraints;

/// <summary>The words the constrained sampler's errors share: what the options ask of a name, and why none can be drawn.</summary>
internal static class ConstraintMessages
{
    // The throws are out of line: their string handlers' locals would otherwise be zeroed on every draw.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowDestinationTooShort(int length, int shortest, string parameterName) =>
        throw new ArgumentException($"The destination holds {length} characters but these options need at least {shortest}.", parameterName);

    /// <summary>A draw spent <paramref name="cap"/> symbols without a name that fits and meets the options; <paramref name="fix"/> says what to give.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowNoNameFits(long cap, int length, string fix) =>
        throw new InvalidOperationException(
            $"{cap:N0} symbols were drawn without a name that fits in {length} characters and meets the options: give {fix}.");

    /// <summary>The prefix has a character at <paramref name="index"/> that is not one of the model's symbols.</summary>
    public static ArgumentException NotASymbol(string prefix, int index, ReadOnlySpan<char> alphabet, string options) =>
        new($"The prefix \"{prefix}\" has {NameListError.Describe(prefix[index])} at index {index}, which is not a character of the model's names ({SymbolLookup.Characters(alphabet)}).", options);

    /// <summary>The options ask for names that exist at temperature 1 but whose tempered probabilities underflow.</summary>
    public static ArgumentException Underflow(double temperature, string predicate, string options) =>
        new(
            string.Create(
                CultureInfo.InvariantCulture,
                $"At temperature {temperature:R} every name of this model that {predicate} has a probability that underflows to 0 in double precision (each step's probability is raised to the power 1/T = {1 / temperature:G3}), so none can be drawn, although at temperature 1 such names exist; use a higher temperature."),
            options);

    /// <summary>What the options ask of a name, as a predicate ("has exactly 2 characters"), or null when they ask nothing.</summary>
    public static string? Describe(string prefix, int min, int max)
    {
        // A minimum the prefix already meets asks nothing.
        string? lengths = max == int.MaxValue ? (min > prefix.Length ? $"has at least {min} characters" : null)
            : min == max ? $"has exactly {min} characters"
            : min == 0 ? $"has at most {max} characters"
            : $"has from {min} to {max} characters";
        return prefix.Length == 0 ? lengths
            : lengths is null ? $"starts with \"{prefix}\""
            : $"starts with \"{prefix}\" and {lengths}";
    }
}
