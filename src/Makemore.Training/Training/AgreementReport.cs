namespace Makemore.Training;

/// <summary>
/// How close a trained network is to the count model it should converge to: the two losses on the training
/// bigrams and the distance between the two V×V probability tables. Made by
/// <see cref="BigramTrainer.CompareWith(LanguageModel)"/> and <see cref="BigramTrainer.Agreement(double)"/>.
/// </summary>
public sealed record AgreementReport
{
    /// <summary>Number of gradient steps the network had taken.</summary>
    public required int Steps { get; init; }

    /// <summary>The network's average NLL per training bigram, without the regularization term.</summary>
    public required double NetworkLoss { get; init; }

    /// <summary>The count model's average NLL per training bigram (+∞ when it gives a training bigram probability 0).</summary>
    public required double CountModelLoss { get; init; }

    /// <summary><see cref="NetworkLoss"/> − <see cref="CountModelLoss"/>; the unregularized network can at best reach the unsmoothed counts.</summary>
    public double LossGap => NetworkLoss - CountModelLoss;

    /// <summary>The largest |P_counts[i, j] − P_network[i, j]| over the V×V table.</summary>
    public required double MaxAbsoluteDifference { get; init; }

    /// <summary>The mean of |P_counts[i, j] − P_network[i, j]| over the V×V table.</summary>
    public required double MeanAbsoluteDifference { get; init; }

    /// <summary>
    /// Σ_i w_i · KL(P_counts[i, :] ‖ P_network[i, :]) in nats, where w_i is row i's share of the training bigrams.
    /// </summary>
    public required double KullbackLeiblerDivergence { get; init; }
}
