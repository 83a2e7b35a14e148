using Makemore.PyTorch;
using Makemore.Training;
using System;
using System.Linq;
using Xunit;

namespace Makemore.Tests;

/// <summary>The trainer's public surface on a small list that needs no external file.</summary>
public sealed class BigramTrainerTests
{
    [Fact]
    public void The_trainer_describes_its_data_and_starts_from_torch_randn()
    {
        var trainer = new BigramTrainer(TrainingTexts.Twenty, new TrainerOptions { Seed = 5 });
        LanguageModel counts = Bigram.FromText(TrainingTexts.Twenty);

        Assert.Equal(counts.Alphabet.ToString(), trainer.Alphabet.ToString());
        Assert.Equal(counts.VocabularySize, trainer.VocabularySize);
        Assert.Equal(20, trainer.NameCount);
        Assert.Equal(counts.TokenCount, trainer.BigramCount);
        Assert.Equal(0, trainer.Steps);

        var expected = new float[trainer.VocabularySize * trainer.VocabularySize];
        Makemore.PyTorch.Torch.Randn(new TorchGenerator(5), expected);
        Assert.True(trainer.Weights.SequenceEqual(expected));
    }

    [Fact]
    public void Probabilities_are_the_softmax_of_each_row_of_w()
    {
        var trainer = new BigramTrainer(TrainingTexts.Twenty);
        trainer.Step();
        int v = trainer.VocabularySize;
        float[] p = trainer.Probabilities();
        float[] w = trainer.Weights.ToArray();

        for (int x = 0; x < v; x++)
        {
            double[] exp = w.Skip(x * v).Take(v).Select(value => Math.Exp(value)).ToArray();
            double sum = exp.Sum();
            for (int y = 0; y < v; y++)
            {
                Assert.Equal(exp[y] / sum, p[(x * v) + y], 1e-6);
            }
        }
    }

    [Fact]
    public void A_large_logit_does_not_overflow_the_softmax()
    {
        var objective = new ObjectiveProbe("ab\nba\n");
        var weights = new float[9];
        weights[0] = 1000f; // exp(1000) overflows float and double alike
        var gradient = new double[9];

        double loss = objective.EvaluateObjective(weights, gradient, TrainerGradient.PerExample, 1, out double nll);

        Assert.True(double.IsFinite(loss));
        // Row '.' puts all its mass on '.', which never follows '.': its two bigrams cost 1000 each, the other
        // four ln 3 (their rows are uniform).
        Assert.Equal((2000 + (4 * Math.Log(3))) / 6, nll, 1e-6);
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void Training_moves_the_network_towards_the_count_model_and_it_samples()
    {
        var trainer = new BigramTrainer(TrainingTexts.Twenty, new TrainerOptions { LearningRate = 10, Regularization = 0 });
        AgreementReport before = trainer.Agreement(0);
        for (int step = 0; step < 500; step++)
        {
            trainer.Step();
        }

        AgreementReport after = trainer.Agreement(0);
        Assert.Equal(500, after.Steps);
        Assert.True(after.NetworkLoss < before.NetworkLoss);
        Assert.True(after.KullbackLeiblerDivergence < before.KullbackLeiblerDivergence / 10);
        Assert.True(after.MeanAbsoluteDifference < before.MeanAbsoluteDifference);

        LanguageModel model = trainer.ToModel();
        Assert.Equal(trainer.Probabilities(), model.Probabilities.ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        var random = new Random(1);
        for (int i = 0; i < 100; i++)
        {
            string name = model.Sample(random);
            Assert.All(name, c => Assert.Contains(c, TrainingTexts.Twenty));
        }
    }
}
