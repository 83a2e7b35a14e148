using System;

namespace Makemore.Training.Transformer;

/// <summary>How a training run went; the trainer then holds the best checkpoint's weights.</summary>
/// <param name="Steps">Steps run.</param>
/// <param name="BestStep">The step of the checkpoint kept (the best held-out loss).</param>
/// <param name="BestHeldOutLoss">Its held-out loss, nats per token.</param>
/// <param name="TestLoss">Its loss on the test part, or NaN without one.</param>
/// <param name="LastTrainLoss">The last batch's loss.</param>
/// <param name="Elapsed">Training time.</param>
/// <param name="StoppedEarly">Whether the time limit or a cancellation ended the run before its last step.</param>
public sealed record TransformerTrainingResult(int Steps, int BestStep, double BestHeldOutLoss, double TestLoss, double LastTrainLoss, TimeSpan Elapsed, bool StoppedEarly);
