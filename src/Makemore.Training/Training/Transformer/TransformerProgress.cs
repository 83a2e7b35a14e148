using System;

namespace Makemore.Training.Transformer;

/// <summary>Where a training run stands, reported after every step.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps planned.</param>
/// <param name="TrainLoss">The last batch's loss (mean negative log-likelihood per token, nats).</param>
/// <param name="HeldOutLoss">The latest held-out loss, or NaN before the first evaluation.</param>
/// <param name="BestHeldOutLoss">The best held-out loss so far (the checkpoint kept), or NaN.</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Remaining">Estimated time to the end: the steps left at the pace so far, or the time limit if sooner.</param>
public readonly record struct TransformerProgress(int Step, int Steps, double TrainLoss, double HeldOutLoss, double BestHeldOutLoss, double LearningRate, TimeSpan Elapsed, TimeSpan Remaining);
