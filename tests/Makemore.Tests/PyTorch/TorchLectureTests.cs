using System.Linq;
using System;
using Makemore.Lecture;
using Makemore.PyTorch;
using Xunit.Abstractions;
using Xunit;

namespace Makemore.Tests;

/// <summary>
/// The makemore lecture's seeded numbers (seed 2147483647, vocabulary '.' = 0, a..z = 1..26), recomputed through
/// <see cref="TorchGenerator"/> and <see cref="Makemore.Torch"/> — see ../shared/data/README.md.
/// </summary>
public sealed class TorchLectureTests(ITestOutputHelper output)
{
    private const ulong Seed = LectureReplay.LectureSeed;

    /// <summary>The first ten names of the video (PyTorch 1.x), also printed in several public write-ups.</summary>
    private static readonly string[] VideoNames =
        ["mor.", "axx.", "minaymoryles.", "kondlaisah.", "anchshizarie.", "odaren.", "iaddash.", "h.", "jhinatien.", "egushl."];

    /// <summary>
    /// What <see cref="TorchMultinomial.Modern"/> yields for the same cell: this implementation's output under the
    /// PyTorch 2.x dispatch, and also what public notebooks run on PyTorch 2.x print.
    /// </summary>
    private static readonly string[] Modern20 =
    [
        "cexze.", "momasurailezitynn.", "konimittain.", "llayn.", "ka.", "da.", "staiyaubrtthrigotai.", "moliellavo.", "ke.", "teda.",
        "ka.", "emimmsade.", "enkaviyny.", "ftlspihinivenvorhlasu.", "dsor.", "br.", "jol.", "pen.", "aisan.", "ja.",
    ];

    [LectureFact]
    public void The_model_matches_the_lecture_table_and_torchs_float_normalisation()
    {
        LanguageModel model = Bigram.FromText(LectureData.Text, 1.0);

        Assert.Equal(".abcdefghijklmnopqrstuvwxyz", model.Alphabet.ToString());
        Assert.Equal(4410, model.Count('.', 'a'));
        Assert.Equal(TorchStyleP(model), model.Probabilities.ToArray());
    }

    [LectureFact]
    public void The_first_draw_from_row_0_is_m_with_Legacy_and_c_with_Modern()
    {
        LanguageModel model = Bigram.FromText(LectureData.Text, 1.0);
        float[] counts = RowCounts(model, 0);
        float sum = counts.Sum(); // exact: integer counts far below 2^24
        float[] normalised = counts.Select(c => c / sum).ToArray();

        foreach (float[] p in new[] { counts, normalised })
        {
            int legacy = Makemore.PyTorch.Torch.Multinomial(new TorchGenerator(Seed), p, replacement: true, TorchMultinomial.Legacy);
            int modern = Makemore.PyTorch.Torch.Multinomial(new TorchGenerator(Seed), p, replacement: true, TorchMultinomial.Modern);
            output.WriteLine($"first draw: Legacy {legacy} '{model.Alphabet[legacy]}', Modern {modern} '{model.Alphabet[modern]}'");

            Assert.Equal(13, legacy);
            Assert.Equal('m', model.Alphabet[legacy]);
            Assert.Equal(3, modern);
            Assert.Equal('c', model.Alphabet[modern]);
        }
    }

    [LectureFact]
    public void Legacy_replays_the_videos_names()
    {
        float[] p = TorchStyleP(Bigram.FromText(LectureData.Text, 1.0));
        const string alphabet = ".abcdefghijklmnopqrstuvwxyz";

        string[] five = LectureReplay.SampleNames(p, alphabet, 5, Seed, TorchMultinomial.Legacy);
        string[] ten = LectureReplay.SampleNames(p, alphabet, 10, Seed, TorchMultinomial.Legacy);
        output.WriteLine("Legacy: " + string.Join(" ", ten));

        Assert.Equal(["mor.", "axx.", "minaymoryles.", "kondlaisah.", "anchshizarie."], five);
        Assert.Equal(VideoNames, ten);
    }

    [LectureFact]
    public void Modern_replays_what_PyTorch_2_prints_for_the_same_cell()
    {
        LanguageModel model = Bigram.FromText(LectureData.Text, 1.0);

        string[] names = LectureReplay.SampleNames(model, 20, Seed, TorchMultinomial.Modern);
        output.WriteLine("Modern: " + string.Join(" ", names));

        Assert.Equal(Modern20, names);
        Assert.Equal(Modern20[..5], LectureReplay.SampleNames(TorchStyleP(model), model.Alphabet, 5, Seed, TorchMultinomial.Modern));
    }

    [LectureFact]
    public void The_model_overload_defaults_to_the_lecture_seed_and_Legacy()
    {
        LanguageModel model = Bigram.FromText(LectureData.Text, 1.0);

        Assert.Equal(VideoNames, LectureReplay.SampleNames(model, 10));
    }

    [Fact]
    public void The_loss_of_randn_W_on_the_bigrams_of_emma_matches_the_lecture()
    {
        var generator = new TorchGenerator(Seed);
        var W = new float[27 * 27];
        Makemore.PyTorch.Torch.Randn(generator, W);

        // logits = onehot(xs) @ W picks rows of W exactly; softmax and the mean NLL in float, as PyTorch computes them.
        int[] xs = [0, 5, 13, 13, 1];
        int[] ys = [5, 13, 13, 1, 0];
        float sumLog = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            ReadOnlySpan<float> logits = W.AsSpan(xs[i] * 27, 27);
            float total = 0;
            for (int j = 0; j < 27; j++)
            {
                total += MathF.Exp(logits[j]);
            }

            sumLog += MathF.Log(MathF.Exp(logits[ys[i]]) / total);
        }

        float loss = -(sumLog / xs.Length);
        output.WriteLine($"loss = {(double)loss:R}");
        Assert.Equal(3.7693049907684326, loss, 1e-5);
    }

    /// <summary>P = (N+1).float(); P /= P.sum(1, keepdims=True), in float as PyTorch does it.</summary>
    private static float[] TorchStyleP(LanguageModel model)
    {
        int v = model.VocabularySize;
        var p = new float[v * v];
        for (int row = 0; row < v; row++)
        {
            float sum = 0;
            for (int j = 0; j < v; j++)
            {
                p[(row * v) + j] = model.Counts[(row * v) + j] + 1f;
                sum += p[(row * v) + j];
            }

            for (int j = 0; j < v; j++)
            {
                p[(row * v) + j] /= sum;
            }
        }

        return p;
    }

    private static float[] RowCounts(LanguageModel model, int row)
    {
        int v = model.VocabularySize;
        var counts = new float[v];
        for (int j = 0; j < v; j++)
        {
            counts[j] = model.Counts[(row * v) + j];
        }

        return counts;
    }
}
