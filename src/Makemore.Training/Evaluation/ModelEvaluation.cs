using System.Collections.Generic;
using System.Collections.Immutable;
using System;
using Makemore.Lecture;
using Makemore.Modeling.Planning;

namespace Makemore.Evaluation;

/// <summary>
/// Measures a model as the lecture series measures its networks: counted from the train part of
/// <see cref="LectureSplit"/>, scored by the average negative log-likelihood per token (each name's length + 1,
/// its end included) on the train, development and test parts, plus the share of sampled names that merely copy
/// a training name.
/// </summary>
/// <example>
/// <code>
/// var split = LectureSplit.FromText(File.ReadAllText("names.txt"));
/// EvaluationResult row = ModelEvaluation.Evaluate(split, order: 6, Smoothing.KneserNey);
/// Console.WriteLine($"dev {row.DevLoss:F4}, test {row.TestLoss:F4}, copies {row.CopyShare:P1}");
/// </code>
/// </example>
public static class ModelEvaluation
{
    /// <summary>How many names <see cref="Evaluate"/> samples unless told otherwise.</summary>
    public const int DefaultSamples = 1000;

    /// <summary>The seed of the sampling generator unless told otherwise (the lecture's torch seed).</summary>
    public const ulong DefaultSeed = 2147483647;

    /// <summary>
    /// Builds <c>LanguageModel.FromText(train, order, smoothing)</c> from the split's train part and measures it.
    /// Kneser–Ney tunes itself on held-out folds of the train part alone: the development and test parts are
    /// only scored, never seen while the model is built, but for their characters: the model's alphabet is the
    /// whole list's, as makemore.py's vocabulary is (a character no training name has is counted zero times).
    /// </summary>
    /// <param name="split">The names, split.</param>
    /// <param name="order">n, from 1 to 8.</param>
    /// <param name="smoothing">The smoothing.</param>
    /// <param name="samples">How many names to sample for <see cref="EvaluationResult.CopyShare"/>, at least 1.</param>
    /// <param name="seed">The seed of the <see cref="Xoshiro256StarStar"/> the names are drawn with: same seed, same result.</param>
    /// <returns>The losses and the copy share; a loss is NaN for an empty part (the development and test parts of a list under 10 names can be).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not from 1 to 8, or <paramref name="samples"/> is below 1.</exception>
    /// <exception cref="ArgumentException">
    /// The train part is empty (a list of one name), or, without smoothing (additive α = 0), the development or test part
    /// holds a character that no training name has: that model gives it no probability, so the loss would be infinite.
    /// The message names the part, the character and the name. (A smoothed model's alphabet is the whole list's, as
    /// makemore.py's vocabulary is, so it scores such a character; the lecture's split has the same 26 letters in every part.)
    /// </exception>
    public static EvaluationResult Evaluate(LectureSplit split, int order, Smoothing smoothing, int samples = DefaultSamples, ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (!ModelSettings.IsValidOrder(order))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"The order must be from {ModelSettings.MinOrder} to {ModelSettings.MaxOrder}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        if (split.Train.IsEmpty)
        {
            throw new ArgumentException("The split's train part has no names: a list needs at least 2 names for 80 % of it to hold one.", nameof(split));
        }

        // makemore.py's vocabulary is every character of the whole list: a smoothed model gives a character that no
        // training name has the probability it gives what it has not seen, so that a real list, whose rare characters
        // fall into one part only, can be scored. Without smoothing (α = 0) such a character has probability 0.
        string train = LectureSplit.ToText(split.Train);
        LanguageModel model = smoothing == Smoothing.Additive(0)
            ? LanguageModel.FromText(train, order, smoothing)
            : LanguageModel.FromTextOverAlphabetOf(train, string.Join("\n", [train, LectureSplit.ToText(split.Dev), LectureSplit.ToText(split.Test)]), order, smoothing);
        ThrowIfUnseenSymbol(model, split.Dev, "development", nameof(split));
        ThrowIfUnseenSymbol(model, split.Test, "test", nameof(split));

        return new EvaluationResult(
            order,
            smoothing,
            Loss(model, split.Train),
            Loss(model, split.Dev),
            Loss(model, split.Test),
            CopyShare(model, split.Train, samples, seed),
            samples);
    }

    /// <summary>The lecture's loss; NaN for an empty part (a tiny list's development part can be empty).</summary>
    private static double Loss(LanguageModel model, ImmutableArray<string> part) =>
        part.IsEmpty ? double.NaN : model.AverageNegativeLogLikelihood(LectureSplit.ToText(part));

    private static double CopyShare(LanguageModel model, ImmutableArray<string> train, int samples, ulong seed)
    {
        var known = new HashSet<string>(train, StringComparer.Ordinal);
        var random = new Xoshiro256StarStar(seed);
        int copies = 0;
        for (int i = 0; i < samples; i++)
        {
            copies += known.Contains(model.Sample(ref random)) ? 1 : 0;
        }

        return (double)copies / samples;
    }

    /// <summary>
    /// Scoring would throw too, but naming the character's index in a joined text; this names the part and the name,
    /// which is what a user needs to fix the list.
    /// </summary>
    private static void ThrowIfUnseenSymbol(LanguageModel model, ImmutableArray<string> part, string partName, string parameterName)
    {
        ReadOnlySpan<char> alphabet = model.Alphabet;
        foreach (string name in part)
        {
            foreach (char c in name)
            {
                if (alphabet.IndexOf(c) <= 0)
                {
                    throw new ArgumentException(
                        $"The {partName} part's name \"{name}\" has '{c}' (U+{(int)c:X4}), which no name of the train part has; a model counted from the train part cannot score it.",
                        parameterName);
                }
            }
        }
    }
}
