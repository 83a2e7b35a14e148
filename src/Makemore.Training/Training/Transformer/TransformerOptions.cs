using System;

namespace Makemore.Training.Transformer;

/// <summary>
/// The transformer's shape and its training recipe. The defaults are makemore.py's shape with the schedule PyTorch
/// measured best (batch 64, 3e-3, warm-up and cosine decay); the recipe measured best on the lecture's split in a
/// 15-minute budget on two cores adds weight decay 0.1, dropout 0.1 and a weight average of 0.999 over 24,000 steps
/// (bench/RESULTS.md, "Transformer"). makemore.py's own settings are 4 layers, 4 heads, embedding 64, batch 32, a
/// constant learning rate of 5e-4 and weight decay 0.01.
/// </summary>
public sealed record TransformerOptions
{
    /// <summary>Transformer blocks.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Attention heads per block; must divide <see cref="Embedding"/>.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>The embedding (residual stream) size.</summary>
    public int Embedding { get; init; } = 64;

    /// <summary>
    /// Positions the model sees: a name has at most this many − 1 characters. Null: the longest name of the list + 1,
    /// as makemore.py's block size.
    /// </summary>
    public int? Context { get; init; }

    /// <summary>Names per step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>The peak learning rate, reached after <see cref="WarmupSteps"/>.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Steps over which the learning rate rises linearly from 0 to <see cref="LearningRate"/>.</summary>
    public int WarmupSteps { get; init; } = 200;

    /// <summary>Where the cosine decay ends, at the last step, as a share of <see cref="LearningRate"/>.</summary>
    public double FinalLearningRateShare { get; init; } = 0.05;

    /// <summary>AdamW's decoupled weight decay λ, applied to the weight matrices only.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Probability of dropping each element of the embeddings and of each block's two branches (0: none).</summary>
    public double Dropout { get; init; }

    /// <summary>
    /// Keeps an exponential moving average of the weights with this decay per step (0: none); the held-out loss is
    /// measured on the average and the checkpoint kept is the average (Polyak averaging).
    /// </summary>
    public double WeightAverage { get; init; }

    /// <summary>Clips the gradient to this global L2 norm (0: no clipping).</summary>
    public double GradientClip { get; init; } = 1.0;

    /// <summary>Optimisation steps; the learning rate schedule spans them.</summary>
    public int Steps { get; init; } = 20_000;

    /// <summary>Seed of the initial weights, the batches and the dropout masks: the same seed, the same weights.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Stops after this long (the best checkpoint so far is kept); null: no limit.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Steps between evaluations of the held-out loss, which choose the checkpoint kept.</summary>
    public int EvaluationInterval { get; init; } = 500;

    /// <summary>
    /// Parts each batch is split into, each one thread's forward and backward pass; their gradients are summed in
    /// order. The weights depend on this number, not on the machine's cores or the threads' timing.
    /// </summary>
    public int Threads { get; init; } = 2;

    /// <summary>How the weights are stored in the file the trainer writes.</summary>
    public TransformerWeightPrecision Precision { get; init; } = TransformerWeightPrecision.Full;
}

/// <summary>How the trained weights are stored.</summary>
public enum TransformerWeightPrecision
{
    /// <summary>Single precision, 4 bytes a weight: exactly as trained.</summary>
    Full,

    /// <summary>Half precision, 2 bytes a weight: each rounded to the nearest IEEE binary16 value.</summary>
    Half,
}
