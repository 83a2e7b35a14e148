using System;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Makemore.Training;

/// <summary>
/// The softmax and backward kernels over batches of lines: a line is one row of logits or exponentials,
/// V real columns read stride-wide, the columns from V on masked out. Every operation works on whole registers
/// of one width, chosen for the machine by <see cref="ForThisMachine"/>.
/// </summary>
/// <remarks>
/// These replace per-line TensorPrimitives calls, whose fixed cost (argument checks, length dispatch, tail
/// handling) exceeds the arithmetic on a line of 27 elements. <see cref="Backward"/> (the per-example path) sums
/// and divides exactly as <see cref="Normalize"/> (the grouped path and the trainer's probabilities) does, so
/// both see the same probabilities bit for bit on a given machine.
/// </remarks>
/// <typeparam name="T">float or double.</typeparam>
internal abstract class LineKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Row strides are multiples of this many elements: a 512-bit register of floats, so a whole number of registers of any width.</summary>
    public const int StrideMultiple = 16;

    /// <summary>The kernels over the widest registers this machine accelerates: the one place a width is chosen.</summary>
    /// <param name="vocabularySize">V, the real columns of a line.</param>
    /// <returns>Kernels for lines of V columns in a stride of V rounded up to <see cref="StrideMultiple"/>.</returns>
    public static LineKernels<T> ForThisMachine(int vocabularySize)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return new LineKernels<T, VectorWidth512<T>, Vector512<T>>(vocabularySize);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return new LineKernels<T, VectorWidth256<T>, Vector256<T>>(vocabularySize);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            return new LineKernels<T, VectorWidth128<T>, Vector128<T>>(vocabularySize);
        }

        return new LineKernels<T, ScalarWidth<T>, T>(vocabularySize);
    }

    /// <summary>V: the real columns of a line.</summary>
    public abstract int VocabularySize { get; }

    /// <summary>The stride of a line: V rounded up to <see cref="StrideMultiple"/>.</summary>
    public abstract int Stride { get; }

    /// <summary>
    /// Copies row <c>rows[b]</c> of <paramref name="source"/> (stride-wide rows) stride-wide to element b·V of
    /// <paramref name="lines"/>, so that the lines end up packed V apart (each copy overwrites the previous
    /// one's padding). <paramref name="lines"/> needs rows.Length·V + stride elements.
    /// </summary>
    /// <param name="rows">The row of each line.</param>
    /// <param name="source">V rows of stride elements.</param>
    /// <param name="lines">Receives the packed lines.</param>
    public abstract void Gather(ReadOnlySpan<byte> rows, ReadOnlySpan<T> source, Span<T> lines);

    /// <summary>
    /// Turns <paramref name="count"/> lines of exponentials, packed V apart, into probabilities: line b is
    /// divided by its sum into element b·stride of <paramref name="probabilities"/> (0 in the padding), and the
    /// sum goes to <c>sums[b]</c>.
    /// </summary>
    /// <param name="count">Number of lines.</param>
    /// <param name="exponentials">count·V + stride elements.</param>
    /// <param name="probabilities">count·stride elements.</param>
    /// <param name="sums">Receives each line's sum of exponentials, in double.</param>
    public abstract void Normalize(int count, ReadOnlySpan<T> exponentials, Span<T> probabilities, Span<double> sums);

    /// <summary>
    /// The per-example backward pass over a batch of bigrams (x, y), line b holding the exponentials of row x:
    /// adds p − onehot(y), with p the line divided by its sum (the same division as <see cref="Normalize"/>),
    /// to row x of <paramref name="gradient"/> in double, and stores the sum in <c>sums[b]</c> for the loss.
    /// </summary>
    /// <param name="inputs">x of each bigram, &lt; V.</param>
    /// <param name="targets">y of each bigram, &lt; V.</param>
    /// <param name="exponentials">inputs.Length·V + stride elements: the lines packed V apart.</param>
    /// <param name="sums">Receives each line's sum of exponentials, in double.</param>
    /// <param name="gradient">V rows of stride doubles.</param>
    public abstract void Backward(
        ReadOnlySpan<byte> inputs, ReadOnlySpan<byte> targets, ReadOnlySpan<T> exponentials, Span<double> sums, Span<double> gradient);
}
