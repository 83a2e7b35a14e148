using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Makemore.Training;

/// <summary>
/// The update of a gradient-descent step, <c>W −= rate · ∇loss</c> in double and rounded to float once, refused
/// when a weight would leave float's range or become NaN (training has diverged).
/// </summary>
internal static class GradientDescentUpdate
{
    /// <summary>
    /// Computes <c>w + g · (−rate)</c> for every weight in double into <paramref name="updated"/> and, if every result
    /// is within float's range, rounds them into <paramref name="weights"/>; otherwise leaves the weights unchanged.
    /// </summary>
    /// <remarks>
    /// One pass widens, multiplies, adds and checks (in <see cref="Vector{T}"/> registers, element-wise, so the
    /// same numbers as a scalar loop); a second narrows. |x| ≤ float.MaxValue is false for NaN as well as for
    /// values beyond the range, so one comparison catches both.
    /// </remarks>
    /// <param name="weights">W in float.</param>
    /// <param name="gradient">∇loss, as long as <paramref name="weights"/>.</param>
    /// <param name="rate">The learning rate.</param>
    /// <param name="updated">Scratch, as long as <paramref name="weights"/>.</param>
    /// <returns>Whether the weights were updated.</returns>
    public static bool TryApply(Span<float> weights, ReadOnlySpan<double> gradient, double rate, Span<double> updated)
    {
        ReadOnlySpan<Vector<float>> weightVectors = MemoryMarshal.Cast<float, Vector<float>>(weights);
        ReadOnlySpan<Vector<double>> gradientVectors = MemoryMarshal.Cast<double, Vector<double>>(gradient);
        Span<Vector<double>> updatedVectors = MemoryMarshal.Cast<double, Vector<double>>(updated);
        var step = new Vector<double>(-rate);
        var limit = new Vector<double>(float.MaxValue);
        Vector<long> inRange = Vector<long>.AllBitsSet;
        for (int i = 0; i < weightVectors.Length; i++)
        {
            Vector.Widen(weightVectors[i], out Vector<double> low, out Vector<double> high);
            low = (gradientVectors[2 * i] * step) + low;
            high = (gradientVectors[(2 * i) + 1] * step) + high;
            inRange &= Vector.LessThanOrEqual(Vector.Abs(low), limit) & Vector.LessThanOrEqual(Vector.Abs(high), limit);
            updatedVectors[2 * i] = low;
            updatedVectors[(2 * i) + 1] = high;
        }

        bool finite = inRange == Vector<long>.AllBitsSet;
        for (int k = weightVectors.Length * Vector<float>.Count; k < weights.Length; k++)
        {
            updated[k] = (gradient[k] * -rate) + weights[k];
            finite &= Math.Abs(updated[k]) <= float.MaxValue;
        }

        if (!finite)
        {
            return false;
        }

        TensorPrimitives.ConvertChecked<double, float>(updated, weights);
        return true;
    }
}
