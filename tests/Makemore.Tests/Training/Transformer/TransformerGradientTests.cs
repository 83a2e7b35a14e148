using System;
using System.Linq;
using Makemore.Training.Transformer;
using Xunit;

namespace Makemore.Tests.Training.Transformer;

/// <summary>The whole model's gradient, every parameter, against central differences of the double-precision reference.</summary>
public sealed class TransformerGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_trainers_gradient_of_every_parameter_matches_finite_differences_of_the_reference(int threads)
    {
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options() with { Threads = threads });
        int[] batch = [0, 4, 2, 7, 10];
        var gradient = new float[trainer.ParameterCount];
        double loss = trainer.LossAndGradient(batch, gradient);

        int[][] names = batch.Select(i => TinyTransformer.Train[i].Select(ch => trainer.Alphabet.IndexOf(ch, StringComparison.Ordinal)).ToArray()).ToArray();
        double[] parameters = NumericGradient.ToDouble(trainer.Parameters);
        Assert.Equal(TransformerReference.Loss(trainer.Layout, parameters, names), loss, 5);
        double[] numeric = NumericGradient.Of(p => TransformerReference.Loss(trainer.Layout, p, names), parameters);
        NumericGradient.AssertClose(gradient, numeric, 1e-4, "gradient");
    }

    [Fact]
    public void A_name_of_context_minus_one_characters_is_scored_without_its_certain_end()
    {
        // Context 6: "acbad" (5 characters) fills every position; its end is not predicted.
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options());
        Assert.Equal(6, trainer.Context);
        int[] batch = [4];
        var gradient = new float[trainer.ParameterCount];
        double loss = trainer.LossAndGradient(batch, gradient);

        int[] name = TinyTransformer.Train[4].Select(ch => trainer.Alphabet.IndexOf(ch, StringComparison.Ordinal)).ToArray();
        double reference = TransformerReference.Loss(trainer.Layout, NumericGradient.ToDouble(trainer.Parameters), [name]);
        Assert.Equal(reference, loss, 5);
        Assert.Equal(loss * 5, trainer.NameLosses([TinyTransformer.Train[4]])[0], 4);
    }
}
