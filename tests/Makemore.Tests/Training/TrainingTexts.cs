namespace Makemore.Tests;

/// <summary>Small names lists for trainer tests that must run without the lecture's file.</summary>
internal static class TrainingTexts
{
    /// <summary>The first twenty names of the lecture's list: 20 names, 18 symbols besides '.'.</summary>
    public const string Twenty =
        "emma\nolivia\nava\nisabella\nsophia\ncharlotte\nmia\namelia\nharper\nevelyn\n" +
        "abigail\nemily\nelizabeth\nmila\nella\navery\nsofia\ncamila\naria\nscarlett\n";
}
