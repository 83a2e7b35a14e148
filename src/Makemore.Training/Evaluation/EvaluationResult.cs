namespace Makemore.Evaluation;

/// <summary>
/// One model measured on the lecture's split: its loss on each part and how often it reproduces a training name.
/// </summary>
/// <param name="Order">The model's order n.</param>
/// <param name="Smoothing">The model's smoothing.</param>
/// <param name="TrainLoss">Average negative log-likelihood per token (nats) on the train part, which the model was counted from.</param>
/// <param name="DevLoss">The same on the development part: the one to choose an order by.</param>
/// <param name="TestLoss">The same on the test part: the one to report once the order is chosen.</param>
/// <param name="CopyShare">The share, from 0 to 1, of the sampled names that are names of the train part.</param>
/// <param name="Samples">How many names were sampled for <paramref name="CopyShare"/>.</param>
public sealed record EvaluationResult(
    int Order,
    Smoothing Smoothing,
    double TrainLoss,
    double DevLoss,
    double TestLoss,
    double CopyShare,
    int Samples);
