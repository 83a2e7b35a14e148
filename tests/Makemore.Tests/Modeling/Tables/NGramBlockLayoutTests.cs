using Makemore.Modeling.Tables;
using Xunit;

namespace Makemore.Tests.Modeling.Tables;

/// <summary>Where the blocks of a context tree go: most visited first, ties by block number, empty blocks nowhere.</summary>
public sealed class NGramBlockLayoutTests
{
    [Fact]
    public void Places_blocks_by_visits_most_first_and_ties_by_block_number()
    {
        double[] visits = [0.5, 2, 0, 2, 1, 0, 3];
        int[] slots = [1, 2, 3, 4, 5, 6, 0];
        var start = new int[visits.Length];

        long total = NGramBlockLayout.Place(visits, slots, visits.Length, NGramEscapeTables.None(visits.Length), new bool[visits.Length], start);

        // Order: 6 (no slots: not placed), 1 and 3 (2 visits each, by number), 4, 0, then 2 and 5 (never entered).
        Assert.Equal(21, total);
        Assert.Equal([11, 0, 12, 2, 6, 15, 0], start);
    }
}
