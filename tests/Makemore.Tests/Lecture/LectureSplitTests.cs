using Makemore.Lecture;
using Xunit;

namespace Makemore.Tests.Lecture;

/// <summary>The lecture's 80/10/10 split; reference names from CPython 3.11 on the lecture's names.txt.</summary>
public class LectureSplitTests
{
    [LectureFact]
    public void The_split_has_the_lectures_token_counts()
    {
        var split = LectureSplit.FromText(LectureData.Text);
        Assert.Equal((25_626, 3_203, 3_204), (split.Train.Length, split.Dev.Length, split.Test.Length));
        Assert.Equal(182_625, LectureSplit.TokenCount(split.Train));
        Assert.Equal(22_655, LectureSplit.TokenCount(split.Dev));
        Assert.Equal(22_866, LectureSplit.TokenCount(split.Test));
    }

    [LectureFact]
    public void The_shuffle_puts_the_names_where_python_does()
    {
        var split = LectureSplit.FromText(LectureData.Text);
        Assert.Equal<string>(["yuheng", "diondre", "xavien", "jori", "juanluis", "erandi", "phia", "samatha"], split.Train[..8]);
        Assert.Equal<string>(["amay", "aytana", "jenevi"], split.Dev[..3]);
        Assert.Equal<string>(["mustafa", "reuben", "kahlel"], split.Test[..3]);
        Assert.Equal<string>(["opal", "zaylynn", "yovani"], split.Test[^3..]);
    }
}
