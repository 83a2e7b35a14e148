using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;
using System.Threading.Tasks;

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
/// </para>
/// <para>
/// Layout: rows are padded to a stride of a multiple of 16 with −∞ logits (probability exactly 0), so every
/// vector operation runs on whole SIMD registers; the row's max (over its V real logits) is subtracted once per
/// evaluation, before the exponential, so that none overflows. Rows of shifted logits are gathered into batches,
/// packed V apart, and exponentiated with one TensorPrimitives call per batch; the rest of the work on a row
/// (sum, division, the backward step) is done by small SIMD kernels that fuse what used to be five
/// TensorPrimitives calls per row, whose fixed cost dominated on rows of 27 elements. Both paths compute every
/// softmax row with this same code, in <typeparamref name="T"/> (float for training, as PyTorch does; double for
/// the gradient check), so they see the same probabilities bit for bit.
/// </para>
/// <para>
/// The loss and the gradient are accumulated in double. Adding a float p to itself k times in double is exact
/// while k·p fits in 53 bits, so the two paths, which sum the same values in different groupings, give the same
/// float-path gradient to the last bit in practice, and the same loss to about 1e-12.
/// </para>
/// <para>
/// The per-example path splits the bigrams into <see cref="ChunkCount"/> fixed chunks whatever the thread count;
/// each chunk sums into its own buffer and the buffers are added in chunk order, so the result does not depend
/// on how many threads ran or which ran which chunk (the threads claim chunks one at a time). An instance is not thread-safe: one evaluation at a time.
/// </para>
/// </remarks>
/// <typeparam name="T">The precision of W and of the softmax.</typeparam>
internal sealed class BigramObjective<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of chunks the per-example path splits the bigrams into, independent of the thread count.</summary>
    public const int ChunkCount = 32;

    /// <summary>Row strides are multiples of this many elements: a 512-bit register of floats.</summary>
    private const int StrideMultiple = 16;

    /// <summary>Elements of a batch of softmax rows (2,048 floats: 8 KB, or 16 KB in double, on the stack).</summary>
    private const int BatchElements = 2048;

    private readonly BigramTrainingSet _data;
    private readonly int _vocabularySize;
    private readonly int _stride;
    private readonly int _batchRows;
    private readonly T[] _paddedWeights;
    private readonly T[] _shiftedLogits;
    private readonly T[] _rowMax;
    private readonly T[] _lineMask;
    private readonly byte[] _allRows;
    private readonly double[] _weightsInDouble;
    private readonly double[] _chunkGradients;
    private readonly double[] _chunkLosses = new double[ChunkCount];
    private readonly Action<int> _worker;
    private int _nextChunk;
    private ParallelOptions? _parallelOptions;

    public BigramObjective(BigramTrainingSet data)
    {
        _data = data;
        int v = data.VocabularySize;
        _vocabularySize = v;
        _stride = (v + StrideMultiple - 1) / StrideMultiple * StrideMultiple;
        _batchRows = Math.Max(1, BatchElements / _stride);
        _paddedWeights = new T[v * _stride];
        _paddedWeights.AsSpan().Fill(T.NegativeInfinity); // the padding stays −∞: exp gives exactly 0
        _shiftedLogits = new T[v * _stride];
        _shiftedLogits.AsSpan().Fill(T.NegativeInfinity); // −∞ − max = −∞
        _rowMax = new T[v];
        _lineMask = new T[_stride]; // all bits set in the V real columns, 0 in the padding
        _lineMask.AsSpan(0, v).Fill(Vector128<T>.AllBitsSet.ToScalar());
        _allRows = new byte[v];
        for (int x = 0; x < v; x++)
        {
            _allRows[x] = (byte)x;
        }

        _weightsInDouble = new double[v * v];
        _chunkGradients = new double[ChunkCount * v * _stride];
        _worker = ClaimChunks;
    }

    /// <summary>
    /// The loss at <paramref name="weights"/> and its gradient. Allocates nothing once the parallel options for
    /// a thread count exist (beyond what <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> itself needs).
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
        int cells = _vocabularySize * _vocabularySize;
        if (gradient.Length != cells)
        {
            throw new ArgumentException($"The gradient must hold V×V = {cells} entries.", nameof(gradient));
        }

        Load(weights);
        double totalNegativeLogLikelihood = path == TrainerGradient.PerExample
            ? AccumulatePerExample(gradient, maxDegreeOfParallelism)
            : AccumulateGrouped(gradient);

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
        int v = _vocabularySize;
        Load(weights);
        Span<T> batch = stackalloc T[BatchElements];
        for (int first = 0; first < v; first += _batchRows)
        {
            int count = Math.Min(_batchRows, v - first);
            SoftmaxRows(_allRows.AsSpan(first, count), batch, logSumExp.Slice(first, count));
            for (int b = 0; b < count; b++)
            {
                batch.Slice(b * _stride, v).CopyTo(probabilities.Slice((first + b) * v, v));
            }
        }
    }

    /// <summary>
    /// Copies W into the padded rows, takes each row's max, and stores each row shifted by its max (the logits
    /// every softmax of that row exponentiates), so the per-bigram gather is a plain copy.
    /// </summary>
    private void Load(ReadOnlySpan<T> weights)
    {
        int v = _vocabularySize;
        if (weights.Length != v * v)
        {
            throw new ArgumentException($"W must hold V×V = {v * v} entries.", nameof(weights));
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

    /// <summary>
    /// The forward pass for a batch of inputs: gathers row <c>rows[b]</c> of W into line b of
    /// <paramref name="probabilities"/> (stride-wide), and turns each line into its softmax.
    /// </summary>
    /// <param name="rows">The input symbol of each line.</param>
    /// <param name="probabilities">At least rows.Length × stride elements.</param>
    /// <param name="logSumExp">Receives, per line, log Σ exp(logits) in double.</param>
    private void SoftmaxRows(ReadOnlySpan<byte> rows, Span<T> probabilities, Span<double> logSumExp)
    {
        int s = _stride;
        int v = _vocabularySize;
        Span<T> exponentials = stackalloc T[ExponentialsLength];
        ExpRows(rows, exponentials);
        ref T exponential0 = ref MemoryMarshal.GetReference(exponentials);
        ref T probability0 = ref MemoryMarshal.GetReference(probabilities);
        ref T mask = ref MemoryMarshal.GetArrayDataReference(_lineMask);
        for (int b = 0; b < rows.Length; b++)
        {
            ref T line = ref Unsafe.Add(ref exponential0, b * v);
            T sum = RowSum(ref line, ref mask, s, v);
            Normalize(ref line, ref mask, s, v, sum, ref Unsafe.Add(ref probability0, b * s));
            logSumExp[b] = double.CreateTruncating(sum);
        }

        FinishLogSumExp(rows, logSumExp);
    }

    /// <summary>
    /// Elements of the buffer <see cref="ExpRows"/> fills: a batch of packed V-wide lines, rounded up to whole
    /// 512-bit registers, plus room for the last line's stride-wide copy and loads.
    /// </summary>
    private int ExponentialsLength => (_batchRows * _vocabularySize) + _stride + StrideMultiple;

    /// <summary>
    /// The exponentials of a batch: the V elements from b·V on in <paramref name="lines"/> receive
    /// exp(W[rows[b]] − max), the softmax's numerators, with one <see cref="TensorPrimitives.Exp{T}(ReadOnlySpan{T}, Span{T})"/>
    /// call for the whole batch.
    /// </summary>
    /// <remarks>
    /// The lines are packed V apart rather than a stride apart, so that the exponential, the most expensive step
    /// of the forward pass, is not spent on padding (V = 27 in a stride of 32: 16 % fewer exponentials). Each
    /// row is copied stride-wide and the next copy overwrites the padding. The Exp call covers whole 512-bit
    /// registers (the length is rounded up; the few extra elements are never read), so every element goes
    /// through the same vector code whatever its position. The kernels below read a line stride-wide too and
    /// mask out its columns from V on, which belong to the next line.
    /// </remarks>
    private void ExpRows(ReadOnlySpan<byte> rows, Span<T> lines)
    {
        int s = _stride;
        int v = _vocabularySize;
        ref T shifted = ref MemoryMarshal.GetArrayDataReference(_shiftedLogits);
        ref T line = ref MemoryMarshal.GetReference(lines);
        for (int b = 0; b < rows.Length; b++)
        {
            CopyLine(ref Unsafe.Add(ref shifted, rows[b] * s), ref Unsafe.Add(ref line, b * v), s);
        }

        int length = ((rows.Length * v) + StrideMultiple - 1) / StrideMultiple * StrideMultiple;
        Span<T> batch = lines[..length];
        TensorPrimitives.Exp(batch, batch);
    }

    /// <summary>Turns the per-line sums of exponentials in <paramref name="logSumExp"/> into log Σ exp(logits).</summary>
    private void FinishLogSumExp(ReadOnlySpan<byte> rows, Span<double> logSumExp)
    {
        logSumExp = logSumExp[..rows.Length];
        TensorPrimitives.Log(logSumExp, logSumExp);
        for (int b = 0; b < rows.Length; b++)
        {
            logSumExp[b] += double.CreateTruncating(_rowMax[rows[b]]);
        }
    }

    /// <summary>
    /// Adds each bigram's −log p[y] = log Σ exp(W[x] − max) + max − W[x, y] to <paramref name="loss"/>, in
    /// order, given the sums of exponentials in <paramref name="logSumExp"/> (overwritten by their logs).
    /// </summary>
    /// <remarks>
    /// The same arithmetic as <see cref="FinishLogSumExp"/> followed by the subtraction, in one loop, and in a
    /// method of its own with the running sum in a fresh local: kept in the caller, where it lives across calls,
    /// the JIT spilled it, and every bigram paid a store-to-load round trip on the loss's dependency chain.
    /// </remarks>
    private double AddBatchLoss(double loss, ReadOnlySpan<byte> inputs, ReadOnlySpan<byte> targets, Span<double> logSumExp)
    {
        logSumExp = logSumExp[..inputs.Length];
        TensorPrimitives.Log(logSumExp, logSumExp);
        int s = _stride;
        ref T weights = ref MemoryMarshal.GetArrayDataReference(_paddedWeights);
        ref T rowMax = ref MemoryMarshal.GetArrayDataReference(_rowMax);
        ref double logSumExp0 = ref MemoryMarshal.GetReference(logSumExp);
        ref byte input0 = ref MemoryMarshal.GetReference(inputs);
        ref byte target0 = ref MemoryMarshal.GetReference(targets);
        double total = loss;
        for (int b = 0; b < inputs.Length; b++)
        {
            int x = Unsafe.Add(ref input0, b); // < V: the rows of W, the max per row
            double shifted = Unsafe.Add(ref logSumExp0, b) + double.CreateTruncating(Unsafe.Add(ref rowMax, x));
            total += shifted - double.CreateTruncating(Unsafe.Add(ref weights, (x * s) + Unsafe.Add(ref target0, b)));
        }

        return total;
    }

    // The row kernels below work on one stride-wide line (a multiple of 16 elements, so a whole number of
    // registers of any width) with the widest vectors the machine accelerates, and fall back to scalar code.
    // They replace per-line TensorPrimitives calls, whose fixed overhead (argument checks, length dispatch,
    // tail handling) cost more than the arithmetic on a 32-element line. Both paths use the same RowSum and the
    // same element-wise division, so they see the same probabilities bit for bit on a given machine.

    /// <summary>Copies <paramref name="s"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyLine(ref T source, ref T destination, int s)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            for (int k = 0; k < s; k += Vector512<T>.Count)
            {
                Vector512.LoadUnsafe(ref source, (nuint)k).StoreUnsafe(ref destination, (nuint)k);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (int k = 0; k < s; k += Vector256<T>.Count)
            {
                Vector256.LoadUnsafe(ref source, (nuint)k).StoreUnsafe(ref destination, (nuint)k);
            }
        }
        else
        {
            MemoryMarshal.CreateReadOnlySpan(ref source, s).CopyTo(MemoryMarshal.CreateSpan(ref destination, s));
        }
    }

    /// <summary>
    /// The sum of a line's V columns (the masked-out ones count as 0, as the padding's exp(−∞) = 0 did when
    /// lines were stride-wide): lane-wise over its registers, then across the lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T RowSum(ref T line, ref T mask, int s, int v)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<T> sum = Vector512.LoadUnsafe(ref line) & Vector512.LoadUnsafe(ref mask);
            for (int k = Vector512<T>.Count; k < s; k += Vector512<T>.Count)
            {
                sum += Vector512.LoadUnsafe(ref line, (nuint)k) & Vector512.LoadUnsafe(ref mask, (nuint)k);
            }

            return HorizontalSum(sum);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<T> sum = Vector256.LoadUnsafe(ref line) & Vector256.LoadUnsafe(ref mask);
            for (int k = Vector256<T>.Count; k < s; k += Vector256<T>.Count)
            {
                sum += Vector256.LoadUnsafe(ref line, (nuint)k) & Vector256.LoadUnsafe(ref mask, (nuint)k);
            }

            return Vector256.Sum(sum);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<T> sum = Vector128.LoadUnsafe(ref line) & Vector128.LoadUnsafe(ref mask);
            for (int k = Vector128<T>.Count; k < s; k += Vector128<T>.Count)
            {
                sum += Vector128.LoadUnsafe(ref line, (nuint)k) & Vector128.LoadUnsafe(ref mask, (nuint)k);
            }

            return Vector128.Sum(sum);
        }

        T total = T.Zero;
        for (int k = 0; k < v; k++)
        {
            total += Unsafe.Add(ref line, k);
        }

        return total;
    }

    /// <summary>
    /// <see cref="Vector512.Sum{T}(Vector512{T})"/>, bit for bit, in fewer instructions for float: that sums in a
    /// fixed order, ((a0 + a1) + (a2 + a3)) within each 128-bit quarter q, then (q0 + q1) + (q2 + q3), but
    /// reduces each quarter separately (about 25 instructions). Three in-register shuffles and additions do the
    /// same additions for all quarters at once. The order matters: it is the order of TensorPrimitives.Sum,
    /// which the lecture figures in the tests were computed with (another order moves the first loss by ~1e-8).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T HorizontalSum(Vector512<T> sum)
    {
        if (typeof(T) != typeof(float))
        {
            return Vector512.Sum(sum);
        }

        Vector512<float> v = sum.As<T, float>();
        v += Vector512.Shuffle(v, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)); // pairs
        v += Vector512.Shuffle(v, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)); // quarters
        v += Vector512.Shuffle(v, Vector512.Create(4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11)); // q0+q1, q2+q3
        return T.CreateTruncating(v.ToScalar() + v.GetElement(8));
    }

    /// <summary>Divides a line's V columns by their sum into <paramref name="destination"/> (stride-wide, 0 in the padding): the probabilities.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Normalize(ref T line, ref T mask, int s, int v, T sum, ref T destination)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<T> divisor = Vector512.Create(sum);
            for (int k = 0; k < s; k += Vector512<T>.Count)
            {
                ((Vector512.LoadUnsafe(ref line, (nuint)k) & Vector512.LoadUnsafe(ref mask, (nuint)k)) / divisor).StoreUnsafe(ref destination, (nuint)k);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<T> divisor = Vector256.Create(sum);
            for (int k = 0; k < s; k += Vector256<T>.Count)
            {
                ((Vector256.LoadUnsafe(ref line, (nuint)k) & Vector256.LoadUnsafe(ref mask, (nuint)k)) / divisor).StoreUnsafe(ref destination, (nuint)k);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<T> divisor = Vector128.Create(sum);
            for (int k = 0; k < s; k += Vector128<T>.Count)
            {
                ((Vector128.LoadUnsafe(ref line, (nuint)k) & Vector128.LoadUnsafe(ref mask, (nuint)k)) / divisor).StoreUnsafe(ref destination, (nuint)k);
            }
        }
        else
        {
            for (int k = 0; k < s; k++)
            {
                Unsafe.Add(ref destination, k) = k < v ? Unsafe.Add(ref line, k) / sum : T.Zero;
            }
        }
    }

    /// <summary>
    /// The per-example backward step fused with the softmax's division: adds the probabilities
    /// <c>line / sum</c> (the same T division as <see cref="Normalize"/>), widened to double, to the gradient
    /// row, without storing them. For float the widening is exact, so this adds the same doubles as converting
    /// the normalized line and adding it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateProbabilities(ref T line, ref T mask, int s, int v, T sum, ref double gradientRow)
    {
        if (typeof(T) == typeof(float))
        {
            ref float lineF = ref Unsafe.As<T, float>(ref line);
            ref float maskF = ref Unsafe.As<T, float>(ref mask);
            float sumF = float.CreateTruncating(sum);
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> divisor = Vector512.Create(sumF);
                for (int k = 0; k < s; k += Vector512<float>.Count)
                {
                    Vector512<float> p = (Vector512.LoadUnsafe(ref lineF, (nuint)k) & Vector512.LoadUnsafe(ref maskF, (nuint)k)) / divisor;
                    ref double g = ref Unsafe.Add(ref gradientRow, k);
                    (Vector512.LoadUnsafe(ref g) + Vector512.WidenLower(p)).StoreUnsafe(ref g);
                    (Vector512.LoadUnsafe(ref g, 8) + Vector512.WidenUpper(p)).StoreUnsafe(ref g, 8);
                }

                return;
            }

            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> divisor = Vector256.Create(sumF);
                for (int k = 0; k < s; k += Vector256<float>.Count)
                {
                    Vector256<float> p = (Vector256.LoadUnsafe(ref lineF, (nuint)k) & Vector256.LoadUnsafe(ref maskF, (nuint)k)) / divisor;
                    ref double g = ref Unsafe.Add(ref gradientRow, k);
                    (Vector256.LoadUnsafe(ref g) + Vector256.WidenLower(p)).StoreUnsafe(ref g);
                    (Vector256.LoadUnsafe(ref g, 4) + Vector256.WidenUpper(p)).StoreUnsafe(ref g, 4);
                }

                return;
            }

            if (Vector128.IsHardwareAccelerated)
            {
                Vector128<float> divisor = Vector128.Create(sumF);
                for (int k = 0; k < s; k += Vector128<float>.Count)
                {
                    Vector128<float> p = (Vector128.LoadUnsafe(ref lineF, (nuint)k) & Vector128.LoadUnsafe(ref maskF, (nuint)k)) / divisor;
                    ref double g = ref Unsafe.Add(ref gradientRow, k);
                    (Vector128.LoadUnsafe(ref g) + Vector128.WidenLower(p)).StoreUnsafe(ref g);
                    (Vector128.LoadUnsafe(ref g, 2) + Vector128.WidenUpper(p)).StoreUnsafe(ref g, 2);
                }

                return;
            }
        }

        // double (the gradient check) and machines without SIMD: one element at a time.
        for (int k = 0; k < v; k++)
        {
            Unsafe.Add(ref gradientRow, k) += double.CreateTruncating(Unsafe.Add(ref line, k) / sum);
        }
    }

    private double AccumulatePerExample(Span<double> gradient, int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism <= 1)
        {
            for (int chunk = 0; chunk < ChunkCount; chunk++)
            {
                AccumulateChunk(chunk);
            }
        }
        else
        {
            if (_parallelOptions is null || _parallelOptions.MaxDegreeOfParallelism != maxDegreeOfParallelism)
            {
                _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
            }

            // One worker per thread, each claiming the next chunk until none is left, so the threads finish
            // within a chunk of each other. (Parallel.For over the chunks hands out growing ranges of them and
            // measured ~5 % slower on 2 cores.) Which thread computes a chunk does not change its sums.
            _nextChunk = 0;
            Parallel.For(0, Math.Min(maxDegreeOfParallelism, ChunkCount), _parallelOptions, _worker);
        }

        // Fixed reduction order, chunk 0, 1, 2, …, whatever thread computed each; then drop the padding.
        int v = _vocabularySize;
        int padded = v * _stride;
        Span<double> total = _chunkGradients.AsSpan(0, padded);
        double loss = _chunkLosses[0];
        for (int chunk = 1; chunk < ChunkCount; chunk++)
        {
            TensorPrimitives.Add(total, _chunkGradients.AsSpan(chunk * padded, padded), total);
            loss += _chunkLosses[chunk];
        }

        for (int x = 0; x < v; x++)
        {
            total.Slice(x * _stride, v).CopyTo(gradient.Slice(x * v, v));
        }

        return loss;
    }

    /// <summary>Computes chunks, claimed one at a time, until all are taken.</summary>
    private void ClaimChunks(int worker)
    {
        int chunk;
        while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < ChunkCount)
        {
            AccumulateChunk(chunk);
        }
    }

    /// <summary>
    /// One chunk of the bigrams, in text order and one bigram at a time: −log p[y] into the loss and
    /// p − onehot(y) scatter-added into the gradient row of x, with p = softmax(W[x]).
    /// </summary>
    /// <remarks>
    /// Per batch of bigrams: one gather and one Exp call for all their rows (<see cref="ExpRows"/>), then per
    /// bigram one pass that sums the line and one that divides it by the sum and adds it to the gradient row
    /// in double (<see cref="AccumulateProbabilities"/>), and one Log call for the whole batch's losses.
    /// </remarks>
    private void AccumulateChunk(int chunk)
    {
        int s = _stride;
        int n = _data.BigramCount;
        int start = (int)((long)n * chunk / ChunkCount);
        int end = (int)((long)n * (chunk + 1) / ChunkCount);
        Span<double> gradient = _chunkGradients.AsSpan(chunk * _vocabularySize * s, _vocabularySize * s);
        gradient.Clear();

        Span<T> exponentials = stackalloc T[ExponentialsLength];
        Span<double> logSumExp = stackalloc double[_batchRows];
        double loss = 0;
        for (int first = start; first < end; first += _batchRows)
        {
            int count = Math.Min(_batchRows, end - first);
            ReadOnlySpan<byte> inputs = _data.Inputs.AsSpan(first, count);
            ReadOnlySpan<byte> targets = _data.Targets.AsSpan(first, count);
            ExpRows(inputs, exponentials);
            BackwardBatch(inputs, targets, exponentials, logSumExp, gradient);
            loss = AddBatchLoss(loss, inputs, targets, logSumExp);
        }

        _chunkLosses[chunk] = loss;
    }

    /// <summary>
    /// The rest of a batch's forward pass and its backward pass, bigram by bigram: the sum of the line's
    /// exponentials (kept in <paramref name="logSumExp"/> for the loss), then p − onehot(y) into the gradient
    /// row of x. A method of its own, without calls, so that its references stay in registers.
    /// </summary>
    private void BackwardBatch(
        ReadOnlySpan<byte> inputs, ReadOnlySpan<byte> targets, Span<T> exponentials, Span<double> logSumExp, Span<double> gradient)
    {
        int s = _stride;
        int v = _vocabularySize;
        ref T line0 = ref MemoryMarshal.GetReference(exponentials);
        ref T mask = ref MemoryMarshal.GetArrayDataReference(_lineMask);
        ref double gradient0 = ref MemoryMarshal.GetReference(gradient);
        ref double logSumExp0 = ref MemoryMarshal.GetReference(logSumExp);
        ref byte input0 = ref MemoryMarshal.GetReference(inputs);
        ref byte target0 = ref MemoryMarshal.GetReference(targets);
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated && s == 2 * Vector512<float>.Count)
        {
            // The lecture's case (17 ≤ V ≤ 32, float, AVX-512): the same operations as the general loop below,
            // unrolled over the line's two registers, which stay in registers from the sum to the gradient.
            // The first register holds 16 real columns and needs no mask.
            Vector512<float> mask1 = Vector512.LoadUnsafe(ref Unsafe.As<T, float>(ref mask), 16);
            ref float exponential0 = ref Unsafe.As<T, float>(ref line0);
            for (int b = 0; b < inputs.Length; b++)
            {
                ref float line = ref Unsafe.Add(ref exponential0, b * v);
                Vector512<float> e0 = Vector512.LoadUnsafe(ref line);
                Vector512<float> e1 = Vector512.LoadUnsafe(ref line, 16) & mask1;
                float sum = float.CreateTruncating(HorizontalSum((e0 + e1).As<float, T>()));
                Unsafe.Add(ref logSumExp0, b) = sum;
                Vector512<float> divisor = Vector512.Create(sum);
                Vector512<float> p0 = e0 / divisor;
                Vector512<float> p1 = e1 / divisor;
                ref double g = ref Unsafe.Add(ref gradient0, Unsafe.Add(ref input0, b) * s); // x < V
                (Vector512.LoadUnsafe(ref g) + Vector512.WidenLower(p0)).StoreUnsafe(ref g);
                (Vector512.LoadUnsafe(ref g, 8) + Vector512.WidenUpper(p0)).StoreUnsafe(ref g, 8);
                (Vector512.LoadUnsafe(ref g, 16) + Vector512.WidenLower(p1)).StoreUnsafe(ref g, 16);
                (Vector512.LoadUnsafe(ref g, 24) + Vector512.WidenUpper(p1)).StoreUnsafe(ref g, 24);
                Unsafe.Add(ref g, Unsafe.Add(ref target0, b)) -= 1; // y < V
            }

            return;
        }

        for (int b = 0; b < inputs.Length; b++)
        {
            ref T line = ref Unsafe.Add(ref line0, b * v);
            T sum = RowSum(ref line, ref mask, s, v);
            Unsafe.Add(ref logSumExp0, b) = double.CreateTruncating(sum);
            ref double rowGradient = ref Unsafe.Add(ref gradient0, Unsafe.Add(ref input0, b) * s); // x < V
            AccumulateProbabilities(ref line, ref mask, s, v, sum, ref rowGradient);
            Unsafe.Add(ref rowGradient, Unsafe.Add(ref target0, b)) -= 1; // y < V
        }
    }

    /// <summary>One softmax per input symbol x, weighted by its counts: dW[x] = count(x)·p(x) − N[x, :].</summary>
    private double AccumulateGrouped(Span<double> gradient)
    {
        int v = _vocabularySize;
        int s = _stride;
        Span<T> probabilities = stackalloc T[BatchElements];
        Span<double> logSumExp = stackalloc double[_batchRows];
        Span<double> line = stackalloc double[s];
        double loss = 0;
        for (int first = 0; first < v; first += _batchRows)
        {
            int count = Math.Min(_batchRows, v - first);
            SoftmaxRows(_allRows.AsSpan(first, count), probabilities, logSumExp);
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
                TensorPrimitives.ConvertChecked<T, double>(probabilities.Slice(b * s, v), line[..v]);
                TensorPrimitives.Multiply(line[..v], (double)rowCount, rowGradient);
                TensorPrimitives.Subtract(rowGradient, counts, rowGradient);

                // Σ_y N[x, y] · (logSumExp − W[x, y])
                TensorPrimitives.ConvertChecked<T, double>(_paddedWeights.AsSpan(x * s, v), line[..v]);
                loss += (rowCount * logSumExp[b]) - TensorPrimitives.Dot(counts, line[..v]);
            }
        }

        return loss;
    }
}
