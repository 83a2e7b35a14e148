using Makemore.Training;
using System;
using Xunit;

namespace Makemore.Tests;

public sealed class TrainerOptionsTests
{
    [Fact]
    public void Defaults_are_the_lectures()
    {
        var options = new TrainerOptions();

        Assert.Equal(50, options.LearningRate);
        Assert.Equal(0.01, options.Regularization);
        Assert.Equal(2147483647UL, options.Seed);
        Assert.Equal(TrainerGradient.Grouped, options.Gradient);
        Assert.Equal(Environment.ProcessorCount, options.MaxDegreeOfParallelism);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_learning_rate_that_is_not_finite_and_positive_is_rejected(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { LearningRate = value });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions() with { LearningRate = value });
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_regularization_that_is_not_finite_and_non_negative_is_rejected(double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { Regularization = value });

    [Fact]
    public void Zero_regularization_is_allowed() =>
        Assert.Equal(0, new TrainerOptions { Regularization = 0 }.Regularization);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_degree_of_parallelism_below_one_is_rejected(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { MaxDegreeOfParallelism = value });

    [Fact]
    public void An_undefined_gradient_path_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { Gradient = (TrainerGradient)2 });

    [Fact]
    public void The_trainer_rejects_null_options() =>
        Assert.Throws<ArgumentNullException>(() => new BigramTrainer(TrainingTexts.Twenty, null!));

    [Theory]
    [InlineData("")]
    [InlineData(" \n\r\n\t")]
    [InlineData("emma\nan\tna\n")]
    [InlineData("emma\nan\u2028na\n")]
    public void The_trainer_rejects_a_text_that_is_not_a_names_list(string text)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new BigramTrainer(text, new TrainerOptions()));
        Assert.Equal("trainingText", error.ParamName);
    }

    [Fact]
    public void Comparison_needs_a_model_over_the_same_alphabet()
    {
        var trainer = new BigramTrainer(TrainingTexts.Twenty);

        Assert.Throws<ArgumentNullException>(() => trainer.CompareWith(null!));
        Assert.Throws<ArgumentException>(() => trainer.CompareWith(Bigram.FromText("emma\nolivia\n")));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Agreement(-1));
    }
}
