using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace Makemore.Training;

/// <summary>
/// The lecture's loss for a given W and its gradient, by a hand-written backward pass:
/// <c>loss = −(1/n) Σ log softmax(W[x])[y] + λ · mean(W²)</c> over the n training bigrams (x, y).
/// </summary>
/// <remarks>
/// <para>
/// The network is <c>one-hot(x) @ W</c> followed by a softmax, so the logits of an input x are simply row x of W:
/// the forward pass gathers rows and the backward pass scatter-adds into rows, with no one-hot matrix anywhere.
/// With <c>p = softmax(W[x])</c>, the gradient of <c>−log p[y]</c> with respect to W[x] is <c>p − onehot(y)</c>.
/// The data term is summed by <see cref="PerExampleGradient{T}"/> or <see cref="GroupedGradient{T}"/>; both compute
/// every softmax row with the same code (<see cref="LogitRows{T}"/>, <see cref="LineKernels{T}"/>), in
/// <typeparamref name="T"/> (float for training, as PyTorch does; double for the gradient check), so they see the
/// same probabilities bit for bit.
/// </para>
/// <para>
/// The loss and the gradient are accumulated in double. Adding a float p to itself k times in double is exact
/// while k·p fits in 53 bits, so the two paths, which sum the same values in different groupings, give the same
/// float-path gradient to the last bit in practice, and the same loss to about 1e-12.
/// </para>
/// <para>An instance is not thread-safe: one evaluation at a time.</para>
/// </remarks>
/// <typeparam name="T">The precision of W and of the softmax.</typeparam>
internal sealed class BigramObjective<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BigramTrainingSet _data;
    private readonly LogitRows<T> _rows;
    private readonly PerExampleGradient<T> _perExample;
    private readonly GroupedGradient<T> _grouped;
    private readonly double[] _weightsInDouble;

    /// <summary>The objective over <paramref name="data"/>.</summary>
    /// <param name="data">The training bigrams.</param>
    public BigramObjective(BigramTrainingSet data)
    {
        _data = data;
        int v = data.VocabularySize;
        _rows = new LogitRows<T>(v);
        _perExample = new PerExampleGradient<T>(data, _rows);
        _grouped = new GroupedGradient<T>(data, _rows);
        _weightsInDouble = new double[v * v];
    }

    /// <summary>
    /// The loss at <paramref name="weights"/> and its gradient. Allocates nothing once the parallel options for
    /// a thread count exist (beyond what the thread hand-off itself needs).
    /// </summary>
    /// <param name="weights">W, V×V row-major.</param>
    /// <param name="gradient">Receives ∂loss/∂W, V×V.</param>
    /// <param name="path">Which computation to use.</param>
    /// <param name="regularization">λ.</param>
    /// <param name="maxDegreeOfParallelism">Most threads for the per-example path.</param>
    /// <param name="negativeLogLikelihood">The data part of the loss: the average NLL per bigram.</param>
    /// <returns>The whole loss: average NLL + λ · mean(W²).</returns>
    public double Evaluate(
        ReadOnlySpan<T> weights,
        Span<double> gradient,
        TrainerGradient path,
        double regularization,
        int maxDegreeOfParallelism,
        out double negativeLogLikelihood)
    {
        int cells = _data.VocabularySize * _data.VocabularySize;
        if (gradient.Length != cells)
        {
            throw new ArgumentException($"The gradient must hold V×V = {cells} entries.", nameof(gradient));
        }

        _rows.Load(weights, nameof(weights));
        double totalNegativeLogLikelihood = path == TrainerGradient.PerExample
            ? _perExample.Accumulate(gradient, maxDegreeOfParallelism)
            : _grouped.Accumulate(gradient);

        double n = _data.BigramCount;
        negativeLogLikelihood = totalNegativeLogLikelihood / n;
        TensorPrimitives.Divide(gradient, n, gradient);

        // λ · mean(W²): its gradient is 2λW / (V·V).
        TensorPrimitives.ConvertChecked<T, double>(weights, _weightsInDouble);
        TensorPrimitives.MultiplyAdd(_weightsInDouble, 2 * regularization / cells, gradient, gradient);
        return negativeLogLikelihood + (regularization * TensorPrimitives.SumOfSquares<double>(_weightsInDouble) / cells);
    }

    /// <summary>The softmax of every row of <paramref name="weights"/>, computed exactly as the training computes it.</summary>
    /// <param name="weights">W, V×V row-major.</param>
    /// <param name="probabilities">Receives the V×V probabilities.</param>
    /// <param name="logSumExp">Receives log Σ_j exp(W[x, j]) of each row x in double, so that log p[x, j] = W[x, j] − logSumExp[x].</param>
    public void Softmax(ReadOnlySpan<T> weights, Span<T> probabilities, Span<double> logSumExp)
    {
        int v = _data.VocabularySize;
        int s = _rows.Stride;
        _rows.Load(weights, nameof(weights));
        Span<T> batch = stackalloc T[LogitRows<T>.BatchElements];
        for (int first = 0; first < v; first += _rows.BatchRows)
        {
            int count = Math.Min(_rows.BatchRows, v - first);
            _rows.Softmax(first, count, batch, logSumExp.Slice(first, count));
            for (int b = 0; b < count; b++)
            {
                batch.Slice(b * s, v).CopyTo(probabilities.Slice((first + b) * v, v));
            }
        }
    }
}
