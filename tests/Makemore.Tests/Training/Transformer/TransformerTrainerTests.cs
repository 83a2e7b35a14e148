using System;
using System.Globalization;
using System.Linq;
using Makemore.Modeling.Neural;
using Makemore.Training.Transformer;
using Xunit;

namespace Makemore.Tests.Training.Transformer;

public sealed class TransformerTrainerTests
{
    [Fact]
    public void The_same_seed_gives_the_same_weights_bit_for_bit()
    {
        TransformerOptions options = TinyTransformer.Options(steps: 40) with { Dropout = 0.1 };
        TransformerTrainer first = TinyTransformer.Trainer(options);
        TransformerTrainer second = TinyTransformer.Trainer(options);
        first.Train();
        second.Train();

        Assert.Equal(first.Parameters, second.Parameters);
        Assert.Equal(first.ToWeightsFile(), second.ToWeightsFile());
    }

    [Fact]
    public void The_weights_file_can_be_written_at_either_precision_whatever_the_options_ask()
    {
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options());
        trainer.Train();

        Assert.Equal(trainer.ToWeightsFile(), trainer.ToWeightsFile(TransformerWeightPrecision.Full));
        Assert.True(NeuralWeightsReader.ReadHeader(trainer.ToWeightsFile(TransformerWeightPrecision.Half), out NeuralHeader header).IsNone);
        Assert.Equal(NeuralElementType.Float16, header.ElementType);
    }

    [Fact]
    public void Another_seed_gives_other_weights()
    {
        TransformerTrainer first = TinyTransformer.Trainer(TinyTransformer.Options());
        TransformerTrainer second = TinyTransformer.Trainer(TinyTransformer.Options() with { Seed = 2 });

        Assert.NotEqual(first.Parameters, second.Parameters);
    }

    [Fact]
    public void Training_lowers_the_held_out_loss_and_keeps_the_best_checkpoint()
    {
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options(steps: 60));
        double before = trainer.Evaluate(TinyTransformer.HeldOut);
        TransformerTrainingResult result = trainer.Train();

        Assert.True(result.BestHeldOutLoss < before, $"{result.BestHeldOutLoss} after, {before} before");
        Assert.Equal(result.BestHeldOutLoss, trainer.Evaluate(TinyTransformer.HeldOut), 12);
        Assert.Equal(result.TestLoss, trainer.Evaluate(TinyTransformer.Test), 12);
        Assert.Equal(0, result.BestStep % 5);
        Assert.False(result.StoppedEarly);
    }

    [Fact]
    public void With_a_weight_average_the_checkpoint_kept_is_the_average()
    {
        TransformerTrainer plain = TinyTransformer.Trainer(TinyTransformer.Options(steps: 40));
        TransformerTrainer averaged = TinyTransformer.Trainer(TinyTransformer.Options(steps: 40) with { WeightAverage = 0.9 });
        plain.Train();
        TransformerTrainingResult result = averaged.Train();

        Assert.NotEqual(plain.Parameters, averaged.Parameters);
        Assert.Equal(result.BestHeldOutLoss, averaged.Evaluate(TinyTransformer.HeldOut), 12);
    }

    [Fact]
    public void The_time_limit_stops_the_run_and_keeps_the_best_checkpoint_so_far()
    {
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options(steps: 1_000_000) with { MaxDuration = TimeSpan.FromMilliseconds(1) });
        TransformerTrainingResult result = trainer.Train();

        Assert.True(result.StoppedEarly);
        Assert.True(result.Steps < 1_000_000);

        // The step the clock stopped at is evaluated too, so the best checkpoint is that step or an earlier evaluation,
        // and the weights kept are the best's.
        Assert.True(result.BestStep == result.Steps || result.BestStep % 5 == 0, $"best step {result.BestStep} of {result.Steps}");
        Assert.Equal(result.BestHeldOutLoss, trainer.Evaluate(TinyTransformer.HeldOut), 12);
    }

    [Fact]
    public void A_diverging_loss_stops_with_the_step_the_loss_and_the_learning_rate()
    {
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options(steps: 200) with { LearningRate = 1e4, WarmupSteps = 0, GradientClip = 0 });
        TrainingDivergedException e = Assert.Throws<TrainingDivergedException>(() => trainer.Train());

        Assert.InRange(e.Step, 1, 200);
        Assert.True(!double.IsFinite(e.Loss) || e.Loss > 3 * Math.Log(trainer.Alphabet.Length), $"{e.Loss}");
        Assert.Equal(trainer.LearningRate(e.Step), e.LearningRate);
        Assert.Contains($"step {e.Step:N0}", e.Message, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"the loss is {e.Loss:G6} at learning rate {e.LearningRate:G6}"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_learning_rate_warms_up_linearly_then_decays_along_a_cosine_to_its_final_share()
    {
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options(steps: 103) with { WarmupSteps = 3, LearningRate = 1e-2, FinalLearningRateShare = 0.1 });

        Assert.Equal(1e-2 / 3, trainer.LearningRate(1), 15);
        Assert.Equal(1e-2, trainer.LearningRate(3), 15);
        Assert.Equal(1e-2 * (0.1 + (0.9 * 0.5)), trainer.LearningRate(53), 12);
        Assert.Equal(1e-3, trainer.LearningRate(103), 15);
    }

    [Fact]
    public void The_alphabet_is_the_boundary_then_every_character_of_every_part_in_order()
    {
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options());

        Assert.Equal(".abcde", trainer.Alphabet);
        Assert.Equal(6, trainer.Context);
    }

    [Fact]
    public void A_list_that_uses_the_full_stop_gets_NUL_as_the_boundarys_stand_in()
    {
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options(), ["a.b", "ba"]);

        Assert.Equal("\0.abcde", trainer.Alphabet);
    }

    [Theory]
    [InlineData("Heads", "Heads must divide the embedding size 8; got 3.")]
    [InlineData("Context", "Context 4 is too short for the longest name (5 characters): it must be at least 6.")]
    [InlineData("LearningRate", "The learning rate must be a finite number > 0; got NaN.")]
    public void A_bad_option_is_an_argument_exception_naming_it(string option, string message)
    {
        TransformerOptions options = option switch
        {
            "Heads" => TinyTransformer.Options() with { Heads = 3 },
            "Context" => TinyTransformer.Options() with { Context = 4 },
            _ => TinyTransformer.Options() with { LearningRate = double.NaN },
        };

        ArgumentException e = Assert.Throws<ArgumentException>(() => TinyTransformer.Trainer(options));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_evaluation_is_the_mean_of_the_names_losses_per_token_each_names_end_counted()
    {
        // The lecture's denominator: every name's characters and its end, even a certain end (which costs 0).
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options());
        double[] losses = trainer.NameLosses(TinyTransformer.Train);
        int tokens = TinyTransformer.Train.Sum(n => n.Length + 1);

        Assert.Equal(losses.Sum() / tokens, trainer.Evaluate(TinyTransformer.Train), 12);
    }
}
