using Makemore.Training;
using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Makemore.Tests;

/// <summary>The hand-written backward pass: finite differences, the two gradient paths, and thread-count independence.</summary>
public sealed class BigramTrainerGradientTests(ITestOutputHelper output)
{
    private static readonly TrainerGradient[] Paths = [TrainerGradient.PerExample, TrainerGradient.Grouped];

    [Fact]
    public void The_gradient_matches_central_differences_of_the_loss_in_double()
    {
        var trainer = new BigramTrainer(TrainingTexts.Twenty, new TrainerOptions { Regularization = 0.01 });
        var objective = new ObjectiveProbe(TrainingTexts.Twenty, trainer.Options);
        int cells = trainer.VocabularySize * trainer.VocabularySize;
        double[] weights = RandomNormal(cells, seed: 7, scale: 1.5);
        const double h = 1e-5;

        foreach (TrainerGradient path in Paths)
        {
            var gradient = new double[cells];
            objective.EvaluateObjective(weights, gradient, path, 2, out _);

            var scratch = new double[cells];
            var numerics = new double[cells];
            double worst = 0;
            for (int i = 0; i < cells; i++)
            {
                double saved = weights[i];
                weights[i] = saved + h;
                double plus = objective.EvaluateObjective(weights, scratch, path, 1, out _);
                weights[i] = saved - h;
                double minus = objective.EvaluateObjective(weights, scratch, path, 1, out _);
                weights[i] = saved;

                double numeric = (plus - minus) / (2 * h);
                numerics[i] = numeric;
                double relative = Math.Abs(numeric - gradient[i]) / Math.Max(Math.Max(Math.Abs(numeric), Math.Abs(gradient[i])), 1e-8);
                worst = Math.Max(worst, relative);
            }

            // Elementwise, the worst cases are near-zero components, where the ~1e-10 rounding noise of the central
            // difference dominates; over the whole vector the two agree to the noise.
            double normwise = Norm(numerics.Zip(gradient, (a, b) => a - b).ToArray()) / Norm(gradient);
            output.WriteLine($"{path}: worst elementwise relative error over {cells} weights {worst:E2}, normwise {normwise:E2}");
            Assert.True(worst < 1e-3, $"{path}: relative error {worst:E2}");
            Assert.True(normwise < 1e-7, $"{path}: normwise relative error {normwise:E2}");
        }
    }

    [Fact]
    public void The_float_gradient_matches_the_double_gradient_at_the_same_weights()
    {
        var trainer = new BigramTrainer(TrainingTexts.Twenty);
        var objective = new ObjectiveProbe(TrainingTexts.Twenty, trainer.Options);
        int cells = trainer.VocabularySize * trainer.VocabularySize;
        float[] weights = trainer.Weights.ToArray();
        double[] weightsInDouble = weights.Select(w => (double)w).ToArray();

        foreach (TrainerGradient path in Paths)
        {
            var single = new double[cells];
            var reference = new double[cells];
            double singleLoss = objective.EvaluateObjective(weights, single, path, 2, out _);
            double referenceLoss = objective.EvaluateObjective(weightsInDouble, reference, path, 2, out _);

            Assert.Equal(referenceLoss, singleLoss, 1e-6);
            Assert.True(MaxAbsoluteDifference(single, reference) < 1e-7);
        }
    }

    [Fact]
    public void The_gradient_of_an_untrained_network_is_p_minus_the_empirical_distribution()
    {
        // With W = 0 every row is uniform: dW[x, y] = (count(x)/V − N[x, y]) / n, plus nothing from λ.
        var objective = new ObjectiveProbe("ab\nba\n", new TrainerOptions { Regularization = 0.5 });
        var gradient = new double[9];
        double loss = objective.EvaluateObjective(new float[9], gradient, TrainerGradient.PerExample, 1, out double nll);

        // Bigrams: .a ab b. .b ba a. → N[.,a] = N[.,b] = N[a,b] = N[a,.] = N[b,a] = N[b,.] = 1, n = 6.
        double[] expected = [2.0 / 3 / 6, (2.0 / 3 - 1) / 6, (2.0 / 3 - 1) / 6, (2.0 / 3 - 1) / 6, 2.0 / 3 / 6, (2.0 / 3 - 1) / 6, (2.0 / 3 - 1) / 6, (2.0 / 3 - 1) / 6, 2.0 / 3 / 6];
        // The float softmax is exact to an ulp or so (TensorPrimitives' vector exp returns 1.0000001 for exp(0)).
        Assert.Equal(Math.Log(3), nll, 1e-6);
        Assert.Equal(Math.Log(3), loss, 1e-6);
        Assert.True(MaxAbsoluteDifference(expected, gradient) < 1e-8);
    }

    [Fact]
    public void The_two_paths_agree_on_the_loss_the_gradient_and_the_weights_after_a_few_steps()
    {
        string text = DefaultData.Text;
        var perExample = new BigramTrainer(text, new TrainerOptions { Gradient = TrainerGradient.PerExample });
        var grouped = new BigramTrainer(text, new TrainerOptions { Gradient = TrainerGradient.Grouped });
        var objective = new ObjectiveProbe(text);
        int cells = perExample.VocabularySize * perExample.VocabularySize;
        Assert.True(perExample.Weights.SequenceEqual(grouped.Weights));

        double worstLoss = 0;
        for (int step = 0; step < 5; step++)
        {
            worstLoss = Math.Max(worstLoss, Math.Abs(perExample.Step() - grouped.Step()));
        }

        var a = new double[cells];
        var b = new double[cells];
        double lossA = objective.EvaluateObjective(perExample.Weights, a, TrainerGradient.PerExample, 2, out _);
        double lossB = objective.EvaluateObjective(grouped.Weights, b, TrainerGradient.Grouped, 2, out _);
        double worstWeight = MaxAbsoluteDifference(perExample.Weights.ToArray(), grouped.Weights.ToArray());
        output.WriteLine($"after 5 steps: |Δloss| ≤ {worstLoss:E2}, |Δw| ≤ {worstWeight:E2}, |Δgradient| ≤ {MaxAbsoluteDifference(a, b):E2}");

        Assert.True(worstLoss < 1e-6);
        Assert.Equal(lossA, lossB, 1e-6);
        Assert.True(MaxAbsoluteDifference(a, b) < 1e-6);
        Assert.True(worstWeight < 1e-6);
    }

    [Fact]
    public void The_paths_agree_on_a_tiny_alphabet()
    {
        // V = 2 and V = 3: fewer than 16 weights (PyTorch's small randn path), rows narrower than a register.
        foreach (string text in new[] { "a\naa\naaa\n", "ab\nb\nba\nabba\n" })
        {
            var perExample = new BigramTrainer(text, new TrainerOptions { Gradient = TrainerGradient.PerExample });
            var grouped = new BigramTrainer(text, new TrainerOptions { Gradient = TrainerGradient.Grouped });
            for (int step = 0; step < 10; step++)
            {
                Assert.Equal(grouped.Step(), perExample.Step(), 1e-9);
            }

            Assert.True(MaxAbsoluteDifference(perExample.Weights.ToArray(), grouped.Weights.ToArray()) < 1e-6);
        }
    }

    [Theory]
    [InlineData(TrainerGradient.PerExample)]
    [InlineData(TrainerGradient.Grouped)]
    public void One_thread_and_two_threads_give_bit_identical_weights(TrainerGradient path)
    {
        string text = DefaultData.Text;
        var one = new BigramTrainer(text, new TrainerOptions { Gradient = path, MaxDegreeOfParallelism = 1 });
        var two = new BigramTrainer(text, new TrainerOptions { Gradient = path, MaxDegreeOfParallelism = 2 });
        var many = new BigramTrainer(text, new TrainerOptions { Gradient = path, MaxDegreeOfParallelism = 7 });

        for (int step = 0; step < 10; step++)
        {
            double loss = one.Step();
            Assert.Equal(loss, two.Step());
            Assert.Equal(loss, many.Step());
        }

        Assert.True(one.Weights.SequenceEqual(two.Weights));
        Assert.True(one.Weights.SequenceEqual(many.Weights));
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_another()
    {
        var a = new BigramTrainer(TrainingTexts.Twenty, new TrainerOptions { Seed = 42 });
        var b = new BigramTrainer(TrainingTexts.Twenty, new TrainerOptions { Seed = 42 });
        var c = new BigramTrainer(TrainingTexts.Twenty, new TrainerOptions { Seed = 43 });
        for (int step = 0; step < 3; step++)
        {
            Assert.Equal(a.Step(), b.Step());
            c.Step();
        }

        Assert.True(a.Weights.SequenceEqual(b.Weights));
        Assert.False(a.Weights.SequenceEqual(c.Weights));
        Assert.Equal(3, a.Steps);
    }

    private static double[] RandomNormal(int count, int seed, double scale)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            values[i] = scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return values;
    }

    private static double Norm(double[] values) => Math.Sqrt(values.Sum(v => v * v));

    private static double MaxAbsoluteDifference(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    private static double MaxAbsoluteDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}
