using System.Collections.Generic;
using Makemore.Training.Transformer;

namespace Makemore.Tests.Training.Transformer;

/// <summary>Small lists and shapes that train in a blink, for the trainer's tests.</summary>
internal static class TinyTransformer
{
    /// <summary>Names over five letters, the longest of five characters.</summary>
    public static readonly string[] Train = ["ab", "abc", "ba", "cab", "acbad", "e", "dd", "bed", "ace", "dab", "cede", "aa"];

    public static readonly string[] HeldOut = ["abe", "bad", "c"];

    public static readonly string[] Test = ["dea", "eb"];

    /// <summary>Two blocks of two heads, embedding 8: every layer of the real shape, a few thousand parameters.</summary>
    public static TransformerOptions Options(int steps = 20) => new()
    {
        Layers = 2,
        Heads = 2,
        Embedding = 8,
        BatchSize = 5,
        Steps = steps,
        WarmupSteps = 3,
        LearningRate = 1e-2,
        EvaluationInterval = 5,
    };

    public static TransformerTrainer Trainer(TransformerOptions options, IReadOnlyList<string>? train = null) =>
        new(train ?? Train, HeldOut, Test, options, InitializationScheme.PyTorch);
}
