using System.Collections.Generic;
using System.Linq;
using Makemore.Lecture;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;
using Xunit;

namespace Makemore.Tests.NGram;

/// <summary>Issue 9's bar on the lecture's split: self-tuned Kneser–Ney, trained on the train part only.</summary>
public class NGramLectureTests
{
    private static double AverageNll(NGramModel model, IReadOnlyList<string> part)
    {
        double sum = 0;
        long tokens = 0;
        foreach (string name in part)
        {
            sum += model.NegativeLogLikelihood(NGramTestModels.Encode(model.Counts.Alphabet, name));
            tokens += name.Length + 1;
        }

        return sum / tokens;
    }

    [LectureFact]
    public void Self_tuned_Kneser_Ney_reaches_test_NLL_1_97_at_the_best_order_on_dev()
    {
        // Orders 5 to 8: below 5 the dev NLL is ≥ 2.05, far from the best, and tuning all eight would only slow the test.
        var split = LectureSplit.FromText(LectureData.Text);
        NameList train = NameListParser.Parse(LectureSplit.ToText(split.Train));
        var results = Enumerable.Range(5, 4).Select(order =>
        {
            KneserNeyParameters parameters = KneserNeyTuner.Tune(train, order, out NGramCounts counts);
            NGramModel model = NGramModel.KneserNey(counts, parameters);
            return (Order: order, Dev: AverageNll(model, split.Dev), Test: AverageNll(model, split.Test));
        }).ToList();

        var best = results.MinBy(r => r.Dev);
        Assert.True(best.Test <= 1.97, $"best order on dev: {best.Order} (dev {best.Dev:F4}), test {best.Test:F4}; all: {string.Join(", ", results)}");
    }
}
