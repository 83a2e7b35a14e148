namespace Makemore.Training;

/// <summary>How <see cref="BigramTrainer"/> computes the gradient of its loss. Both paths give the same numbers.</summary>
public enum TrainerGradient
{
    /// <summary>
    /// The lecture's computation, one bigram at a time: the softmax of the input's row of W, then
    /// <c>p − onehot(target)</c> scatter-added into that row of the gradient. Work grows with the number of
    /// bigrams (a few milliseconds for the lecture's 228,146), spread over
    /// <see cref="TrainerOptions.MaxDegreeOfParallelism"/> threads.
    /// </summary>
    PerExample,

    /// <summary>
    /// The same sums regrouped by input symbol: one softmax per row of W, weighted by the bigram counts,
    /// <c>dW[x] = count(x)·p(x) − N[x, :]</c>. Work grows with V×V only (microseconds), on the calling thread.
    /// </summary>
    Grouped,
}
