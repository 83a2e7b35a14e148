using System;
using System.Linq;
using Xunit;

namespace Makemore.Tests.Lecture;

/// <summary>The numbers the lecture published on its names.txt (../shared/data/README.md).</summary>
public class LectureNumbersTests
{
    private static readonly Lazy<LanguageModel> Model = new(() => Bigram.FromText(LectureData.Text));

    [LectureFact]
    public void The_dataset_has_32033_names_and_228146_bigrams()
    {
        Assert.Equal(32_033, Model.Value.NameCount);
        Assert.Equal(228_146, Model.Value.TokenCount);
        Assert.Equal(".abcdefghijklmnopqrstuvwxyz", Model.Value.Alphabet.ToString());
        Assert.Equal(2, Model.Value.ShortestName);
        Assert.Equal(15, Model.Value.LongestName);
    }

    [LectureFact]
    public void Names_start_with_a_4410_times()
    {
        Assert.Equal(4410, Model.Value.Count('.', 'a'));
        Assert.Equal(Model.Value.NameCount, Enumerable.Range(0, 27).Sum(j => Model.Value.Counts[j]));
    }

    [LectureFact]
    public void The_most_common_bigram_is_n_then_end_6763_times()
    {
        ReadOnlySpan<int> counts = Model.Value.Counts;
        int best = 0;
        for (int i = 1; i < counts.Length; i++)
        {
            best = counts[i] > counts[best] ? i : best;
        }

        Assert.Equal(('n', '.'), (Model.Value.Alphabet[best / 27], Model.Value.Alphabet[best % 27]));
        Assert.Equal(6763, counts[best]);
    }

    [LectureFact]
    public void The_average_NLL_with_add_one_smoothing_is_2_454577()
    {
        Assert.Equal(2.454577, Model.Value.AverageNegativeLogLikelihood(LectureData.Text), 1e-6);
    }
}
