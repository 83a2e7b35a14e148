using Makemore.PyTorch;
using Makemore.Training;
using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Makemore.Tests;

/// <summary>
/// The trainer on the lecture's names.txt with the lecture's settings (seed 2147483647, learning rate 50,
/// λ = 0.01), checked against the lecture's printed numbers and against the +1-smoothed count model.
/// </summary>
public sealed class BigramTrainerLectureTests(ITestOutputHelper output)
{
    /// <summary>
    /// The first loss this implementation computes for the full dataset, regularization included:
    /// 3.76861872571098 (Grouped; PerExample differs by ~1e-13). The lecture's PyTorch run prints
    /// 3.768618583679199 (float32 throughout); the 1.4e-7 difference is float rounding, since here the
    /// softmax is float but the sums are double.
    /// </summary>
    private const double InitialLoss = 3.76861872571098;

    /// <summary>PyTorch's first printed loss in the lecture's training loop.</summary>
    private const double LectureInitialLoss = 3.768618583679199;

    /// <summary>The lecture's loss of the initial W on the five bigrams of "emma", no regularization (../shared/data/README.md).</summary>
    private const double LectureEmmaLoss = 3.7693049907684326;

    [LectureFact]
    public void The_first_step_returns_the_lectures_initial_loss()
    {
        foreach (TrainerGradient path in new[] { TrainerGradient.Grouped, TrainerGradient.PerExample })
        {
            var trainer = new BigramTrainer(LectureData.Text, new TrainerOptions { Gradient = path });
            Assert.Equal(".abcdefghijklmnopqrstuvwxyz", trainer.Alphabet.ToString());
            Assert.Equal(228_146, trainer.BigramCount);
            Assert.Equal(32_033, trainer.NameCount);

            double loss = trainer.Step();
            output.WriteLine($"{path}: first loss {loss:R}");
            // Our own value is pinned only to 1e-7: the float row sums take the SIMD width's order, so a machine
            // without AVX-512 lands ~2e-8 away; the lecture's float32 value is within 5e-7 on every machine.
            Assert.Equal(InitialLoss, loss, 1e-7);
            Assert.Equal(LectureInitialLoss, loss, 5e-7);
        }
    }

    [LectureFact]
    public void The_initial_weights_are_torch_randn_and_give_the_lectures_emma_loss()
    {
        var trainer = new BigramTrainer(LectureData.Text);
        var expected = new float[27 * 27];
        Makemore.PyTorch.Torch.Randn(new TorchGenerator(2147483647), expected);
        Assert.True(trainer.Weights.SequenceEqual(expected));

        float[] p = trainer.Probabilities();
        string alphabet = trainer.Alphabet.ToString();
        double nll = 0;
        int previous = 0;
        foreach (char c in "emma.")
        {
            int next = alphabet.IndexOf(c, StringComparison.Ordinal);
            nll -= Math.Log(p[(previous * 27) + next]);
            previous = next;
        }

        output.WriteLine($"emma: {nll / 5:R}");
        Assert.Equal(LectureEmmaLoss, nll / 5, 1e-6);
    }

    [LectureFact]
    public void The_loss_decreases_at_every_one_of_the_first_steps()
    {
        foreach (TrainerGradient path in new[] { TrainerGradient.Grouped, TrainerGradient.PerExample })
        {
            var trainer = new BigramTrainer(LectureData.Text, new TrainerOptions { Gradient = path });
            double previous = trainer.Step();
            for (int step = 1; step < 30; step++)
            {
                double loss = trainer.Step();
                Assert.True(loss < previous, $"{path}: step {step} loss {loss} after {previous}");
                previous = loss;
            }

            output.WriteLine($"{path}: loss at step 30 {previous:R}");
            Assert.Equal(trainer.Loss(), trainer.Step()); // Loss() is what the next Step() returns
        }
    }

    /// <summary>
    /// After 200 steps both paths reach: data NLL 2.46528 (count model 2.45458), mean |ΔP| 0.00379,
    /// max |ΔP| 0.0780 at ('q', 'u'), row-weighted KL 0.00872.
    /// </summary>
    /// <remarks>
    /// The largest difference sits in row 'q' (272 bigrams of 228,146): a row's gradient scales with its share of
    /// the bigrams, so rare rows converge slowly. Even at convergence (next test) the λ·mean(W²) optimum differs
    /// from +1 smoothing by 0.032 in that row, so a bound of 0.03 on max |ΔP| is not reachable with these settings;
    /// the bound asserted is 0.08.
    /// </remarks>
    [LectureFact]
    public void After_200_steps_the_network_agrees_with_the_count_model()
    {
        LanguageModel counts = Bigram.FromText(LectureData.Text, 1.0);
        foreach (TrainerGradient path in new[] { TrainerGradient.Grouped, TrainerGradient.PerExample })
        {
            var trainer = new BigramTrainer(LectureData.Text, new TrainerOptions { Gradient = path });
            for (int step = 0; step < 200; step++)
            {
                trainer.Step();
            }

            AgreementReport report = trainer.CompareWith(counts);
            output.WriteLine($"{path}: {report}");

            Assert.Equal(200, report.Steps);
            Assert.Equal(2.454577, report.CountModelLoss, 1e-6); // the README's double-precision count-model NLL
            Assert.True(report.NetworkLoss <= 2.49, $"data NLL {report.NetworkLoss}");
            Assert.True(report.NetworkLoss > report.CountModelLoss - 0.001);
            Assert.Equal(trainer.AverageNegativeLogLikelihood(), report.NetworkLoss, 1e-12);
            Assert.True(report.MeanAbsoluteDifference <= 0.005, $"mean |ΔP| {report.MeanAbsoluteDifference}");
            Assert.True(report.MaxAbsoluteDifference <= 0.08, $"max |ΔP| {report.MaxAbsoluteDifference}");
            Assert.True(report.KullbackLeiblerDivergence is > 0 and <= 0.01, $"KL {report.KullbackLeiblerDivergence}");
            Assert.Equal(report, trainer.Agreement(1.0));
        }
    }

    [LectureFact]
    public void At_convergence_the_regularized_network_stays_within_0_033_of_the_smoothed_counts()
    {
        var trainer = new BigramTrainer(LectureData.Text); // Grouped: microseconds per step
        for (int step = 0; step < 3000; step++)
        {
            trainer.Step();
        }

        AgreementReport report = trainer.Agreement();
        output.WriteLine(report.ToString());
        Assert.InRange(report.MaxAbsoluteDifference, 0.025, 0.033);
        Assert.True(report.MeanAbsoluteDifference <= 0.0025);
        Assert.True(report.NetworkLoss <= 2.461);
    }

    [LectureFact]
    public void A_trained_network_samples_through_the_bigram_model_api()
    {
        var trainer = new BigramTrainer(LectureData.Text);
        for (int step = 0; step < 200; step++)
        {
            trainer.Step();
        }

        LanguageModel network = trainer.ToModel();
        LanguageModel counts = Bigram.FromText(LectureData.Text, 1.0);
        Assert.Equal(trainer.Alphabet.ToString(), network.Alphabet.ToString());
        Assert.Equal(trainer.AverageNegativeLogLikelihood(), network.AverageNegativeLogLikelihood(LectureData.Text), 1e-5);

        double networkLength = MeanSampledLength(network, 20_000);
        double countLength = MeanSampledLength(counts, 20_000);
        output.WriteLine($"mean sampled length: network {networkLength:F3}, counts {countLength:F3}");
        Assert.Equal(countLength, networkLength, 0.3);
    }

    private static double MeanSampledLength(LanguageModel model, int names)
    {
        var random = new Xoshiro256StarStar(2147483647);
        Span<char> buffer = stackalloc char[64];
        long total = 0;
        for (int i = 0; i < names; i++)
        {
            int length = model.Sample(ref random, buffer);
            foreach (char c in buffer[..length])
            {
                Assert.True(c is >= 'a' and <= 'z');
            }

            total += length;
        }

        return (double)total / names;
    }
}
