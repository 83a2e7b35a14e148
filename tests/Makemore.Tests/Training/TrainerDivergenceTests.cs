using Makemore.Training;
using System;
using System.Linq;
using Xunit;

namespace Makemore.Tests.Training;

/// <summary>A learning rate far too large makes training diverge; <see cref="BigramTrainer.Step"/> says so instead of returning NaN.</summary>
public sealed class TrainerDivergenceTests
{
    [Theory]
    [InlineData(TrainerGradient.PerExample)]
    [InlineData(TrainerGradient.Grouped)]
    public void A_huge_learning_rate_throws_naming_the_step_the_loss_and_the_rate(TrainerGradient path)
    {
        var trainer = new BigramTrainer(TrainingTexts.Twenty, new TrainerOptions { LearningRate = 1e6, Gradient = path });
        InvalidOperationException? exception = null;
        int steps = 0;
        for (; steps < 200 && exception is null; steps++)
        {
            try
            {
                Assert.True(double.IsFinite(trainer.Step()));
            }
            catch (InvalidOperationException caught)
            {
                exception = caught;
            }
        }

        Assert.NotNull(exception);
        Assert.Contains($"step {trainer.Steps + 1}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("learning rate 1E+06", exception.Message, StringComparison.Ordinal);
        Assert.Contains("smaller learning rate", exception.Message, StringComparison.Ordinal);
        Assert.Contains("the loss was ", exception.Message, StringComparison.Ordinal);
        Assert.Equal(steps - 1, trainer.Steps);
    }

    [Fact]
    public void A_diverged_step_leaves_the_weights_as_they_were()
    {
        var trainer = new BigramTrainer(TrainingTexts.Twenty, new TrainerOptions { LearningRate = 1e300 });
        float[] before = trainer.Weights.ToArray();

        Assert.Throws<InvalidOperationException>(() => trainer.Step());

        Assert.True(trainer.Weights.SequenceEqual(before));
        Assert.All(before, w => Assert.True(float.IsFinite(w)));
        Assert.Equal(0, trainer.Steps);
    }

    [Fact]
    public void The_lectures_learning_rate_does_not_diverge()
    {
        var trainer = new BigramTrainer(TrainingTexts.Twenty);
        for (int step = 0; step < 300; step++)
        {
            Assert.True(double.IsFinite(trainer.Step()));
        }
    }
}
