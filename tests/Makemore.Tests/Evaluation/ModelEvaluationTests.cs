using System;
using System.Linq;
using Makemore.Evaluation;
using Makemore.Lecture;
using Xunit;

namespace Makemore.Tests.Evaluation;

/// <summary>The evaluation API on a small list: the same numbers as the model's own calls, and reproducible.</summary>
public class ModelEvaluationTests
{
    // 60 names over five letters, each letter in most names, so every part of any split has the train part's alphabet.
    private static readonly string SmallList = string.Join('\n', Syllables.SelectMany(a => Syllables.Select(b => a + b))
        .Concat(Syllables.SelectMany(a => Syllables.Select(b => a + b + a)).Take(24)));

    private static string[] Syllables => ["an", "el", "li", "na", "ne", "la"];

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void The_losses_are_the_models_own_average_NLL_on_each_part(int order, bool kneserNey)
    {
        var split = LectureSplit.FromText(SmallList);
        Smoothing smoothing = kneserNey ? Smoothing.KneserNey : Smoothing.Additive(1);

        EvaluationResult result = ModelEvaluation.Evaluate(split, order, smoothing, samples: 200, seed: 7);

        var model = LanguageModel.FromText(LectureSplit.ToText(split.Train), order, smoothing);
        Assert.Equal(model.AverageNegativeLogLikelihood(LectureSplit.ToText(split.Train)), result.TrainLoss, 12);
        Assert.Equal(model.AverageNegativeLogLikelihood(LectureSplit.ToText(split.Dev)), result.DevLoss, 12);
        Assert.Equal(model.AverageNegativeLogLikelihood(LectureSplit.ToText(split.Test)), result.TestLoss, 12);
        Assert.Equal((order, smoothing, 200), (result.Order, result.Smoothing, result.Samples));
    }

    [Fact]
    public void The_copy_share_is_a_share_of_the_samples_and_the_same_for_the_same_seed()
    {
        var split = LectureSplit.FromText(SmallList);

        EvaluationResult first = ModelEvaluation.Evaluate(split, 3, Smoothing.KneserNey, samples: 300, seed: 11);
        EvaluationResult again = ModelEvaluation.Evaluate(split, 3, Smoothing.KneserNey, samples: 300, seed: 11);

        Assert.InRange(first.CopyShare, 0, 1);
        Assert.Equal(0, (first.CopyShare * 300) % 1, 9); // a whole number of copies
        Assert.True(first.CopyShare > 0, "an order-3 model of 48 short names reproduces some of them");
        Assert.Equal(first, again);
    }

    [Fact]
    public void A_character_the_train_part_lacks_is_scored_as_unseen_by_a_smoothed_model()
    {
        // Ten one-letter names: every letter is in one part only, so the dev name's letter is unseen. As makemore.py's
        // vocabulary, the model's alphabet is the whole list's (the end and 10 letters): under α = 1 the dev name's
        // letter follows the start with (0 + 1) / (8 + 11) and the end follows it with (0 + 1) / (0 + 11).
        var split = LectureSplit.FromText("a\nb\nc\nd\ne\nf\ng\nh\ni\nj");

        EvaluationResult additive = ModelEvaluation.Evaluate(split, 2, Smoothing.Additive(1), samples: 10);
        Assert.Equal((Math.Log(19) + Math.Log(11)) / 2, additive.DevLoss, 12);
        Assert.Equal((Math.Log(19) + Math.Log(11)) / 2, additive.TestLoss, 12);

        EvaluationResult kneserNey = ModelEvaluation.Evaluate(split, 3, Smoothing.KneserNey, samples: 10);
        Assert.True(double.IsFinite(kneserNey.DevLoss) && double.IsFinite(kneserNey.TestLoss), $"dev {kneserNey.DevLoss}, test {kneserNey.TestLoss}");
        Assert.True(kneserNey.DevLoss > kneserNey.TrainLoss, "a letter never seen costs more than the training names' own");
    }

    [Fact]
    public void A_character_the_train_part_lacks_is_named_with_its_part_when_nothing_smooths_it()
    {
        var split = LectureSplit.FromText("a\nb\nc\nd\ne\nf\ng\nh\ni\nj");

        var e = Assert.Throws<ArgumentException>(() => ModelEvaluation.Evaluate(split, 2, Smoothing.Additive(0)));
        Assert.Contains($"The development part's name \"{split.Dev[0]}\" has '{split.Dev[0]}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var split = LectureSplit.FromText(SmallList);

        Assert.Throws<ArgumentOutOfRangeException>(() => ModelEvaluation.Evaluate(split, 0, Smoothing.KneserNey));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelEvaluation.Evaluate(split, 9, Smoothing.KneserNey));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelEvaluation.Evaluate(split, 2, Smoothing.KneserNey, samples: 0));
        Assert.Throws<ArgumentNullException>(() => ModelEvaluation.Evaluate(null!, 2, Smoothing.KneserNey));
        Assert.Throws<ArgumentException>(() => ModelEvaluation.Evaluate(LectureSplit.FromText("ann"), 2, Smoothing.KneserNey));
    }
}
