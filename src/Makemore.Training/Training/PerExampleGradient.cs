using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace Makemore.Training;

/// <summary>
/// The lecture's computation of the loss and gradient, one bigram at a time: −log p[y] into the loss and
/// p − onehot(y) scatter-added into the gradient row of x, with p = softmax(W[x]).
/// </summary>
/// <remarks>
/// The bigrams are split into <see cref="ChunkScheduler.ChunkCount"/> fixed chunks; each chunk sums, in text
/// order, into its own gradient buffer and loss, and the buffers are added in chunk order, so the result does not
/// depend on the thread count. Per batch of bigrams a chunk does one gather and one Exp call for all their rows,
/// one fused sum-divide-accumulate pass per bigram, and one Log call for the batch's losses.
/// </remarks>
/// <typeparam name="T">The precision of the softmax.</typeparam>
internal sealed class PerExampleGradient<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BigramTrainingSet _data;
    private readonly LogitRows<T> _rows;
    private readonly ChunkScheduler _scheduler;
    private readonly double[] _chunkGradients;
    private readonly double[] _chunkLosses = new double[ChunkScheduler.ChunkCount];

    /// <summary>The per-example path over <paramref name="data"/>, reading W from <paramref name="rows"/>.</summary>
    /// <param name="data">The training bigrams.</param>
    /// <param name="rows">W as loaded for this evaluation.</param>
    public PerExampleGradient(BigramTrainingSet data, LogitRows<T> rows)
    {
        _data = data;
        _rows = rows;
        _chunkGradients = new double[ChunkScheduler.ChunkCount * data.VocabularySize * rows.Stride];
        _scheduler = new ChunkScheduler(AccumulateChunk);
    }

    /// <summary>The summed loss over all bigrams, and the summed gradient into <paramref name="gradient"/> (V×V).</summary>
    /// <param name="gradient">Receives Σ ∂(−log p[y])/∂W over the bigrams.</param>
    /// <param name="maxDegreeOfParallelism">Most threads.</param>
    /// <returns>Σ −log p[y] over the bigrams.</returns>
    public double Accumulate(Span<double> gradient, int maxDegreeOfParallelism)
    {
        _scheduler.Run(maxDegreeOfParallelism);

        // Chunk 0, 1, 2, … in order, whatever thread computed each; then drop the padding.
        int v = _data.VocabularySize;
        int s = _rows.Stride;
        int padded = v * s;
        Span<double> total = _chunkGradients.AsSpan(0, padded);
        double loss = _chunkLosses[0];
        for (int chunk = 1; chunk < ChunkScheduler.ChunkCount; chunk++)
        {
            TensorPrimitives.Add(total, _chunkGradients.AsSpan(chunk * padded, padded), total);
            loss += _chunkLosses[chunk];
        }

        for (int x = 0; x < v; x++)
        {
            total.Slice(x * s, v).CopyTo(gradient.Slice(x * v, v));
        }

        return loss;
    }

    private void AccumulateChunk(int chunk)
    {
        int n = _data.BigramCount;
        int start = (int)((long)n * chunk / ChunkScheduler.ChunkCount);
        int end = (int)((long)n * (chunk + 1) / ChunkScheduler.ChunkCount);
        int padded = _data.VocabularySize * _rows.Stride;
        Span<double> gradient = _chunkGradients.AsSpan(chunk * padded, padded);
        gradient.Clear();

        LineKernels<T> kernels = _rows.Kernels;
        int batchRows = _rows.BatchRows;
        Span<T> exponentials = stackalloc T[_rows.ExponentialsLength];
        Span<double> sums = stackalloc double[batchRows];
        double loss = 0;
        for (int first = start; first < end; first += batchRows)
        {
            int count = Math.Min(batchRows, end - first);
            ReadOnlySpan<byte> inputs = _data.Inputs.AsSpan(first, count);
            ReadOnlySpan<byte> targets = _data.Targets.AsSpan(first, count);
            _rows.Exponentiate(inputs, exponentials);
            kernels.Backward(inputs, targets, exponentials, sums, gradient);
            loss = _rows.AddLosses(loss, inputs, targets, sums);
        }

        _chunkLosses[chunk] = loss;
    }
}
