using System;
using Makemore.Training;

namespace Makemore.Tests;

/// <summary>
/// The trainer's loss and gradient at any W, by either path and any thread count, in float (as training runs)
/// or with the softmax in double (for the finite-difference check): the internal objective over the same
/// training set and λ a <see cref="BigramTrainer"/> with these arguments builds.
/// </summary>
internal sealed class ObjectiveProbe(string trainingText, TrainerOptions? options = null)
{
    private readonly BigramTrainingSet _data = BigramTrainingSet.Parse(trainingText, options?.Alphabet, nameof(trainingText));
    private readonly double _regularization = (options ?? new TrainerOptions()).Regularization;
    private BigramObjective<float>? _single;
    private BigramObjective<double>? _double;

    public double EvaluateObjective(
        ReadOnlySpan<float> weights, Span<double> gradient, TrainerGradient path, int maxDegreeOfParallelism, out double negativeLogLikelihood)
    {
        _single ??= new BigramObjective<float>(_data);
        return _single.Evaluate(weights, gradient, path, _regularization, maxDegreeOfParallelism, out negativeLogLikelihood);
    }

    public double EvaluateObjective(
        ReadOnlySpan<double> weights, Span<double> gradient, TrainerGradient path, int maxDegreeOfParallelism, out double negativeLogLikelihood)
    {
        _double ??= new BigramObjective<double>(_data);
        return _double.Evaluate(weights, gradient, path, _regularization, maxDegreeOfParallelism, out negativeLogLikelihood);
    }
}
