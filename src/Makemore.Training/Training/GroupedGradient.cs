using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace Makemore.Training;

/// <summary>
/// The per-example sums regrouped by input symbol: one softmax per row x of W, weighted by the bigram counts,
/// <c>dW[x] = count(x)·p(x) − N[x, :]</c> and <c>loss = Σ_y N[x, y] · (logSumExp[x] − W[x, y])</c>.
/// </summary>
/// <typeparam name="T">The precision of the softmax.</typeparam>
internal sealed class GroupedGradient<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BigramTrainingSet _data;
    private readonly LogitRows<T> _rows;
    private readonly T[] _probabilities = new T[LogitRows<T>.BatchElements];
    private readonly double[] _logSumExp;
    private readonly double[] _line;

    /// <summary>The grouped path over <paramref name="data"/>, reading W from <paramref name="rows"/>.</summary>
    /// <param name="data">The training bigrams.</param>
    /// <param name="rows">W as loaded for this evaluation.</param>
    public GroupedGradient(BigramTrainingSet data, LogitRows<T> rows)
    {
        _data = data;
        _rows = rows;
        _logSumExp = new double[rows.BatchRows];
        _line = new double[data.VocabularySize];
    }

    /// <summary>The summed loss over all bigrams, and the summed gradient into <paramref name="gradient"/> (V×V).</summary>
    /// <param name="gradient">Receives Σ ∂(−log p[y])/∂W over the bigrams.</param>
    /// <returns>Σ −log p[y] over the bigrams.</returns>
    public double Accumulate(Span<double> gradient)
    {
        int v = _data.VocabularySize;
        int s = _rows.Stride;
        int batchRows = _rows.BatchRows;
        // Buffers of the instance rather than stackallocs, which would be zeroed on every step.
        Span<T> probabilities = _probabilities;
        Span<double> logSumExp = _logSumExp;
        Span<double> line = _line;
        double loss = 0;
        for (int first = 0; first < v; first += batchRows)
        {
            int count = Math.Min(batchRows, v - first);
            _rows.Softmax(first, count, probabilities, logSumExp);
            for (int b = 0; b < count; b++)
            {
                int x = first + b;
                Span<double> rowGradient = gradient.Slice(x * v, v);
                int rowCount = _data.RowCounts[x];
                if (rowCount == 0)
                {
                    rowGradient.Clear();
                    continue;
                }

                ReadOnlySpan<double> counts = _data.CountsInDouble.AsSpan(x * v, v);
                TensorPrimitives.ConvertChecked<T, double>(probabilities.Slice(b * s, v), line);
                TensorPrimitives.Multiply(line, (double)rowCount, rowGradient);
                TensorPrimitives.Subtract(rowGradient, counts, rowGradient);

                TensorPrimitives.ConvertChecked<T, double>(_rows.Row(x), line);
                loss += (rowCount * logSumExp[b]) - TensorPrimitives.Dot(counts, line);
            }
        }

        return loss;
    }
}
