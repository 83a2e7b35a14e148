using System;
using Makemore.Evaluation;
using Makemore.Lecture;
using Xunit;

namespace Makemore.Tests.Evaluation;

/// <summary>The evaluation on the lecture's file: its split's token counts, and the bigram's loss on dev.</summary>
public class LectureEvaluationTests
{
    [LectureFact]
    public void The_split_has_the_lectures_token_counts()
    {
        var split = LectureSplit.FromText(LectureData.Text);

        Assert.Equal(
            (182_625, 22_655, 22_866),
            (LectureSplit.TokenCount(split.Train), LectureSplit.TokenCount(split.Dev), LectureSplit.TokenCount(split.Test)));
    }

    [LectureFact]
    public void The_lectures_bigram_counted_from_the_train_part_scores_2_45_on_dev()
    {
        var split = LectureSplit.FromText(LectureData.Text);

        EvaluationResult bigram = ModelEvaluation.Evaluate(split, 2, Smoothing.Additive(1), samples: 100);

        Assert.Equal(2.45, Math.Round(bigram.DevLoss, 2));
        Assert.InRange(bigram.TrainLoss, 2.44, 2.47);
        Assert.InRange(bigram.TestLoss, 2.44, 2.47);
    }
}
