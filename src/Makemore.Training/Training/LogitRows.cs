using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Makemore.Training;

/// <summary>
/// The rows of W as the softmax reads them, and the forward pass over batches of them: each row padded to a
/// stride (a multiple of 16, so SIMD code runs on whole registers) and shifted by its max, so that no
/// exponential overflows and the per-bigram gather is a plain copy.
/// </summary>
/// <remarks>
/// A batch of rows is gathered into lines packed V apart, not a stride apart, and exponentiated with one
/// TensorPrimitives call, so the exponential, the most expensive step, is not spent on padding (V = 27 in a
/// stride of 32 saves 16 %). The call covers whole 512-bit registers (its length is rounded up; the extra
/// elements are never read), so every element goes through the same vector code whatever its position.
/// </remarks>
/// <typeparam name="T">The precision of W and of the softmax: float for training, double for the gradient check.</typeparam>
internal sealed class LogitRows<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements of a batch of stride-wide rows (2,048 floats: 8 KB on the stack, 16 KB in double).</summary>
    public const int BatchElements = 2048;

    private readonly int _vocabularySize;
    private readonly int _stride;
    private readonly T[] _paddedWeights;
    private readonly T[] _shiftedLogits;
    private readonly T[] _rowMax;
    private readonly byte[] _allRows;
    private readonly T[] _softmaxExponentials;

    /// <summary>Rows of a V-symbol W.</summary>
    /// <param name="vocabularySize">V.</param>
    public LogitRows(int vocabularySize)
    {
        int v = vocabularySize;
        Kernels = LineKernels<T>.ForThisMachine(v);
        _vocabularySize = v;
        _stride = Kernels.Stride;
        BatchRows = Math.Max(1, BatchElements / _stride);
        _paddedWeights = new T[v * _stride];
        _shiftedLogits = new T[v * _stride];
        _shiftedLogits.AsSpan().Fill(T.NegativeInfinity); // the padding stays −∞: exp gives exactly 0
        _rowMax = new T[v];
        _softmaxExponentials = new T[ExponentialsLength];
        _allRows = new byte[v];
        for (int x = 0; x < v; x++)
        {
            _allRows[x] = (byte)x;
        }
    }

    /// <summary>The kernels for this V on this machine.</summary>
    public LineKernels<T> Kernels { get; }

    /// <summary>The stride of a row.</summary>
    public int Stride => _stride;

    /// <summary>Rows in a batch: <see cref="BatchElements"/> / stride.</summary>
    public int BatchRows { get; }

    /// <summary>
    /// Elements of a buffer of exponentials for a batch: <see cref="BatchRows"/> lines packed V apart, rounded
    /// up to whole 512-bit registers, plus room for the last line's stride-wide copy and loads.
    /// </summary>
    public int ExponentialsLength => (BatchRows * _vocabularySize) + _stride + LineKernels<T>.StrideMultiple;

    /// <summary>Copies W into the padded rows and stores each row shifted by its max.</summary>
    /// <param name="weights">W, V×V row-major.</param>
    /// <param name="parameterName">The argument's name for exceptions.</param>
    /// <exception cref="ArgumentException">W does not hold V×V entries.</exception>
    public void Load(ReadOnlySpan<T> weights, string parameterName)
    {
        int v = _vocabularySize;
        if (weights.Length != v * v)
        {
            throw new ArgumentException($"W must hold V×V = {v * v} entries.", parameterName);
        }

        for (int x = 0; x < v; x++)
        {
            ReadOnlySpan<T> row = weights.Slice(x * v, v);
            row.CopyTo(_paddedWeights.AsSpan(x * _stride, v));
            T max = TensorPrimitives.Max(row);
            _rowMax[x] = max;
            TensorPrimitives.Subtract(row, max, _shiftedLogits.AsSpan(x * _stride, v));
        }
    }

    /// <summary>Row x of the loaded W (its V real columns).</summary>
    /// <param name="x">The row.</param>
    /// <returns>W[x, :].</returns>
    public ReadOnlySpan<T> Row(int x) => _paddedWeights.AsSpan(x * _stride, _vocabularySize);

    /// <summary>
    /// The softmax's numerators for a batch: line b of <paramref name="lines"/>, V elements from b·V on,
    /// receives exp(W[rows[b]] − max).
    /// </summary>
    /// <param name="rows">The row of each line, at most <see cref="BatchRows"/>.</param>
    /// <param name="lines"><see cref="ExponentialsLength"/> elements.</param>
    public void Exponentiate(ReadOnlySpan<byte> rows, Span<T> lines)
    {
        Kernels.Gather(rows, _shiftedLogits, lines);
        int length = ((rows.Length * _vocabularySize) + LineKernels<T>.StrideMultiple - 1) / LineKernels<T>.StrideMultiple * LineKernels<T>.StrideMultiple;
        Span<T> batch = lines[..length];
        TensorPrimitives.Exp(batch, batch);
    }

    /// <summary>
    /// The softmax of rows <paramref name="first"/> to first + count − 1, each stride-wide in
    /// <paramref name="probabilities"/>. Uses a buffer of the instance (a stackalloc would be zeroed on every
    /// call, a visible share of a Grouped step): one call at a time.
    /// </summary>
    /// <param name="first">The first row.</param>
    /// <param name="count">Number of rows, at most <see cref="BatchRows"/>.</param>
    /// <param name="probabilities">count·stride elements.</param>
    /// <param name="logSumExp">Receives log Σ_j exp(W[x, j]) of each row x, so that log p[x, j] = W[x, j] − logSumExp.</param>
    public void Softmax(int first, int count, Span<T> probabilities, Span<double> logSumExp)
    {
        ReadOnlySpan<byte> rows = _allRows.AsSpan(first, count);
        Span<T> exponentials = _softmaxExponentials;
        Exponentiate(rows, exponentials);
        Kernels.Normalize(count, exponentials, probabilities, logSumExp);
        logSumExp = logSumExp[..count];
        TensorPrimitives.Log(logSumExp, logSumExp);
        for (int b = 0; b < count; b++)
        {
            logSumExp[b] += double.CreateTruncating(_rowMax[first + b]);
        }
    }

    /// <summary>
    /// Adds each bigram's −log p[y] = log Σ exp(W[x] − max) + max − W[x, y] to <paramref name="loss"/>, in
    /// order, given the sums of exponentials in <paramref name="sums"/> (overwritten by their logs).
    /// </summary>
    /// <remarks>
    /// A method of its own, without calls in its loop, with the running sum in a fresh local: kept in a caller
    /// where it lives across calls, the JIT spills it, and every bigram pays a store-to-load round trip on the
    /// loss's dependency chain.
    /// </remarks>
    /// <param name="loss">The sum so far.</param>
    /// <param name="inputs">x of each bigram.</param>
    /// <param name="targets">y of each bigram.</param>
    /// <param name="sums">Each bigram's Σ exp(W[x] − max).</param>
    /// <returns>The new sum.</returns>
    public double AddLosses(double loss, ReadOnlySpan<byte> inputs, ReadOnlySpan<byte> targets, Span<double> sums)
    {
        sums = sums[..inputs.Length];
        TensorPrimitives.Log(sums, sums);
        int s = _stride;
        ref T weights = ref MemoryMarshal.GetArrayDataReference(_paddedWeights);
        ref T rowMax = ref MemoryMarshal.GetArrayDataReference(_rowMax);
        ref double logSum0 = ref MemoryMarshal.GetReference(sums);
        ref byte input0 = ref MemoryMarshal.GetReference(inputs);
        ref byte target0 = ref MemoryMarshal.GetReference(targets);
        double total = loss;
        for (int b = 0; b < inputs.Length; b++)
        {
            int x = Unsafe.Add(ref input0, b); // < V: the rows of W, the max per row
            double logSumExp = Unsafe.Add(ref logSum0, b) + double.CreateTruncating(Unsafe.Add(ref rowMax, x));
            total += logSumExp - double.CreateTruncating(Unsafe.Add(ref weights, (x * s) + Unsafe.Add(ref target0, b)));
        }

        return total;
    }
}
