using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Makemore.Transformers;

/// <summary>What a product's accumulators start from.</summary>
internal enum ProductStart
{
    /// <summary>C = A · B.</summary>
    Zero,

    /// <summary>C = bias + A · B, the bias broadcast down the rows.</summary>
    Bias,

    /// <summary>C += A · B.</summary>
    Accumulate,
}

/// <summary>
/// The dense product C[m, n] = start + A[m, k] · B[k, n] of the neural kernels, B and C row-major, A through a row
/// and a column stride (so that Aᵀ needs no copy): a register-blocked kernel of 4 rows × 2 registers of columns,
/// over panels of B that stay in the first-level cache.
/// </summary>
/// <remarks>
/// Every element is <c>start</c> followed by one multiply-add per k in increasing k, whichever kernel computes it:
/// a row of a product is the same bits as that row's matrix–vector product, which the incremental inference computes.
/// </remarks>
internal static class MatrixMultiply
{
    /// <summary>Rows of A a depth block holds: a panel of B (this many rows of two registers) stays in the L1 cache.</summary>
    private const int DepthBlock = 256;

    /// <summary>Computes <paramref name="c"/> = start + A · B.</summary>
    /// <param name="a">A: element (i, p) at <c>i · aRowStride + p · aColumnStride</c>.</param>
    /// <param name="aRowStride">Distance between rows of A.</param>
    /// <param name="aColumnStride">Distance between columns of A (1 for row-major A, the row length of a row-major Aᵀ).</param>
    /// <param name="b">B, row-major: element (p, j) at <c>p · bRowStride + j</c>.</param>
    /// <param name="bRowStride">Distance between rows of B.</param>
    /// <param name="c">C, row-major: element (i, j) at <c>i · cRowStride + j</c>.</param>
    /// <param name="cRowStride">Distance between rows of C.</param>
    /// <param name="rows">m.</param>
    /// <param name="columns">n.</param>
    /// <param name="depth">k.</param>
    /// <param name="start">What the sums start from.</param>
    /// <param name="bias">n values for <see cref="ProductStart.Bias"/>; otherwise ignored.</param>
    public static void Multiply(
        ReadOnlySpan<float> a,
        int aRowStride,
        int aColumnStride,
        ReadOnlySpan<float> b,
        int bRowStride,
        Span<float> c,
        int cRowStride,
        int rows,
        int columns,
        int depth,
        ProductStart start,
        ReadOnlySpan<float> bias = default)
    {
        if (rows == 0 || columns == 0)
        {
            return;
        }

        long lastA = ((long)(rows - 1) * aRowStride) + ((long)Math.Max(depth - 1, 0) * aColumnStride);
        if ((depth > 0 && (lastA >= a.Length || (long)(depth - 1) * bRowStride + columns > b.Length))
            || ((long)(rows - 1) * cRowStride) + columns > c.Length
            || (start == ProductStart.Bias && bias.Length < columns))
        {
            throw new ArgumentException("A matrix is smaller than the product's sizes.");
        }

        if (depth == 0)
        {
            Initialise(c, cRowStride, rows, columns, start, bias);
            return;
        }

        ref float aRef = ref MemoryMarshal.GetReference(a);
        ref float bRef = ref MemoryMarshal.GetReference(b);
        ref float cRef = ref MemoryMarshal.GetReference(c);
        ref float biasRef = ref MemoryMarshal.GetReference(bias);
        var shape = new Shape(aRowStride, aColumnStride, bRowStride, cRowStride, rows, columns);
        for (int p0 = 0; p0 < depth; p0 += DepthBlock)
        {
            int p1 = Math.Min(depth, p0 + DepthBlock);
            ProductStart blockStart = p0 == 0 ? start : ProductStart.Accumulate;
            switch (VectorWidth.Bits)
            {
                case 512:
                    Kernels<Vector512Ops, Vector512<float>>.Block(ref aRef, ref bRef, ref cRef, ref biasRef, shape, p0, p1, blockStart);
                    break;
                case 256:
                    Kernels<Vector256Ops, Vector256<float>>.Block(ref aRef, ref bRef, ref cRef, ref biasRef, shape, p0, p1, blockStart);
                    break;
                default:
                    Kernels<Vector128Ops, Vector128<float>>.Block(ref aRef, ref bRef, ref cRef, ref biasRef, shape, p0, p1, blockStart);
                    break;
            }
        }
    }

    private static void Initialise(Span<float> c, int cRowStride, int rows, int columns, ProductStart start, ReadOnlySpan<float> bias)
    {
        for (int i = 0; i < rows; i++)
        {
            Span<float> row = c.Slice(i * cRowStride, columns);
            if (start == ProductStart.Zero)
            {
                row.Clear();
            }
            else if (start == ProductStart.Bias)
            {
                bias.Slice(0, columns).CopyTo(row);
            }
        }
    }

    private readonly record struct Shape(int ARowStride, int AColumnStride, int BRowStride, int CRowStride, int Rows, int Columns);

    private static class Kernels<TOps, TVector>
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        /// <summary>
        /// The rows that fill blocks of six or four go through the blocked kernels; each row left over (up to three)
        /// goes through the one-row kernel of eight registers, whose eight independent sums keep both multiply-add
        /// units busy, where a one-register kernel's single sum would wait on each multiply-add in turn. The last
        /// columns (fewer than a register) are one copied panel for all rows.
        /// </summary>
        public static void Block(ref float a, ref float b, ref float c, ref float bias, Shape shape, int p0, int p1, ProductStart start)
        {
            int width = TOps.Count;
            int depth = p1 - p0;
            ref float aBlock = ref Unsafe.Add(ref a, (nint)p0 * shape.AColumnStride);
            ref float bBlock = ref Unsafe.Add(ref b, (nint)p0 * shape.BRowStride);
            int full = shape.Columns - (shape.Columns % width);
            int leftover = shape.Rows % 6 >= 4 ? (shape.Rows % 6) - 4 : shape.Rows % 6;
            int blocked = shape.Rows - leftover;
            if (blocked > 0)
            {
                Columns(ref aBlock, ref bBlock, ref c, ref bias, shape with { Rows = blocked }, full, depth, start);
            }

            for (int i = blocked; i < shape.Rows; i++)
            {
                Columns(ref Unsafe.Add(ref aBlock, (nint)i * shape.ARowStride), ref bBlock, ref Unsafe.Add(ref c, (nint)i * shape.CRowStride), ref bias, shape with { Rows = 1 }, full, depth, start);
            }

            if (full < shape.Columns)
            {
                Tail(ref aBlock, ref Unsafe.Add(ref bBlock, full), ref Unsafe.Add(ref c, full), ref Unsafe.Add(ref bias, full), shape, depth, shape.Columns - full, start);
            }
        }

        /// <summary>Columns [0, <paramref name="full"/>) of every row of <paramref name="shape"/>, a whole number of registers.</summary>
        private static void Columns(ref float aBlock, ref float bBlock, ref float c, ref float bias, Shape shape, int full, int depth, ProductStart start)
        {
            int width = TOps.Count;
            int j = 0;
            if (shape.Rows == 1)
            {
                // A matrix–vector product: eight registers of one row, so that each row of B is read once, whole.
                for (; j + (8 * width) <= full; j += 8 * width)
                {
                    OneWide(ref aBlock, shape.AColumnStride, ref Unsafe.Add(ref bBlock, j), shape.BRowStride, ref Unsafe.Add(ref c, j), ref Unsafe.Add(ref bias, j), depth, start);
                }
            }

            for (; j + (2 * width) <= full; j += 2 * width)
            {
                Panel(ref aBlock, ref Unsafe.Add(ref bBlock, j), shape.BRowStride, ref Unsafe.Add(ref c, j), shape.CRowStride, ref Unsafe.Add(ref bias, j), shape, depth, start, twoRegisters: true);
            }

            for (; j < full; j += width)
            {
                Panel(ref aBlock, ref Unsafe.Add(ref bBlock, j), shape.BRowStride, ref Unsafe.Add(ref c, j), shape.CRowStride, ref Unsafe.Add(ref bias, j), shape, depth, start, twoRegisters: false);
            }
        }

        /// <summary>One panel of columns (one or two registers wide) over all rows.</summary>
        private static void Panel(ref float a, ref float b, int bStride, ref float c, int cStride, ref float bias, Shape shape, int depth, ProductStart start, bool twoRegisters)
        {
            int i = 0;
            if (twoRegisters)
            {
                for (; i + 6 <= shape.Rows; i += 6)
                {
                    Six2(ref Unsafe.Add(ref a, (nint)i * shape.ARowStride), shape.ARowStride, shape.AColumnStride, ref b, bStride, ref Unsafe.Add(ref c, (nint)i * cStride), cStride, ref bias, depth, start);
                }
            }

            for (; i + 4 <= shape.Rows; i += 4)
            {
                ref float aRow = ref Unsafe.Add(ref a, (nint)i * shape.ARowStride);
                ref float cRow = ref Unsafe.Add(ref c, (nint)i * cStride);
                if (twoRegisters)
                {
                    Four2(ref aRow, shape.ARowStride, shape.AColumnStride, ref b, bStride, ref cRow, cStride, ref bias, depth, start);
                }
                else
                {
                    Four1(ref aRow, shape.ARowStride, shape.AColumnStride, ref b, bStride, ref cRow, cStride, ref bias, depth, start);
                }
            }

            for (; i < shape.Rows; i++)
            {
                ref float aRow = ref Unsafe.Add(ref a, (nint)i * shape.ARowStride);
                ref float cRow = ref Unsafe.Add(ref c, (nint)i * cStride);
                One(ref aRow, shape.AColumnStride, ref b, bStride, ref cRow, ref bias, depth, start);
                if (twoRegisters)
                {
                    One(ref aRow, shape.AColumnStride, ref Unsafe.Add(ref b, TOps.Count), bStride, ref Unsafe.Add(ref cRow, TOps.Count), ref Unsafe.Add(ref bias, TOps.Count), depth, start);
                }
            }
        }

        /// <summary>
        /// The last columns, fewer than a register: B's columns copied into a zero-padded panel, C's rows through a
        /// register-wide buffer. The padding's lanes compute sums nobody reads; the others are the same sums.
        /// </summary>
        private static void Tail(ref float a, ref float b, ref float c, ref float bias, Shape shape, int depth, int tail, ProductStart start)
        {
            int width = TOps.Count;
            // Sized to the block (the runtime zeroes what it allocates): a matrix–vector product's tail is short.
            Span<float> panel = stackalloc float[depth * width];
            Span<float> rows = stackalloc float[4 * 16];
            Span<float> paddedBias = stackalloc float[16];
            paddedBias.Clear();
            for (int p = 0; p < depth; p++)
            {
                for (int t = 0; t < tail; t++)
                {
                    panel[(p * width) + t] = Unsafe.Add(ref b, ((nint)p * shape.BRowStride) + t);
                }
            }

            if (start == ProductStart.Bias)
            {
                for (int t = 0; t < tail; t++)
                {
                    paddedBias[t] = Unsafe.Add(ref bias, t);
                }
            }

            ref float panelRef = ref MemoryMarshal.GetReference(panel);
            ref float rowsRef = ref MemoryMarshal.GetReference(rows);
            ref float biasRef = ref MemoryMarshal.GetReference(paddedBias);
            for (int i = 0; i < shape.Rows; i += 4)
            {
                int count = Math.Min(4, shape.Rows - i);
                rows.Clear();
                for (int r = 0; r < count; r++)
                {
                    for (int t = 0; t < tail; t++)
                    {
                        rows[(r * width) + t] = Unsafe.Add(ref c, ((nint)(i + r) * shape.CRowStride) + t);
                    }
                }

                ref float aRow = ref Unsafe.Add(ref a, (nint)i * shape.ARowStride);
                if (count == 4)
                {
                    Four1(ref aRow, shape.ARowStride, shape.AColumnStride, ref panelRef, width, ref rowsRef, width, ref biasRef, depth, start);
                }
                else
                {
                    for (int r = 0; r < count; r++)
                    {
                        One(ref Unsafe.Add(ref aRow, (nint)r * shape.ARowStride), shape.AColumnStride, ref panelRef, width, ref Unsafe.Add(ref rowsRef, r * width), ref biasRef, depth, start);
                    }
                }

                for (int r = 0; r < count; r++)
                {
                    for (int t = 0; t < tail; t++)
                    {
                        Unsafe.Add(ref c, ((nint)(i + r) * shape.CRowStride) + t) = rows[(r * width) + t];
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TVector StartValue(ref float c, ref float bias, nint offset, ProductStart start) => start switch
        {
            ProductStart.Zero => TOps.Zero,
            ProductStart.Bias => TOps.Load(ref bias, (nuint)offset),
            _ => TOps.Load(ref c, (nuint)offset),
        };

        /// <summary>Six rows × two registers: twelve accumulators, enough independent sums to hide the multiply-add latency.</summary>
        private static void Six2(ref float a, nint aRowStride, nint aColumnStride, ref float b, nint bStride, ref float c, nint cStride, ref float bias, int depth, ProductStart start)
        {
            nint w = TOps.Count;
            ref float c1 = ref Unsafe.Add(ref c, cStride);
            ref float c2 = ref Unsafe.Add(ref c1, cStride);
            ref float c3 = ref Unsafe.Add(ref c2, cStride);
            ref float c4 = ref Unsafe.Add(ref c3, cStride);
            ref float c5 = ref Unsafe.Add(ref c4, cStride);
            TVector s00 = StartValue(ref c, ref bias, 0, start);
            TVector s01 = StartValue(ref c, ref bias, w, start);
            TVector s10 = StartValue(ref c1, ref bias, 0, start);
            TVector s11 = StartValue(ref c1, ref bias, w, start);
            TVector s20 = StartValue(ref c2, ref bias, 0, start);
            TVector s21 = StartValue(ref c2, ref bias, w, start);
            TVector s30 = StartValue(ref c3, ref bias, 0, start);
            TVector s31 = StartValue(ref c3, ref bias, w, start);
            TVector s40 = StartValue(ref c4, ref bias, 0, start);
            TVector s41 = StartValue(ref c4, ref bias, w, start);
            TVector s50 = StartValue(ref c5, ref bias, 0, start);
            TVector s51 = StartValue(ref c5, ref bias, w, start);
            ref float a1 = ref Unsafe.Add(ref a, aRowStride);
            ref float a2 = ref Unsafe.Add(ref a1, aRowStride);
            ref float a3 = ref Unsafe.Add(ref a2, aRowStride);
            ref float a4 = ref Unsafe.Add(ref a3, aRowStride);
            ref float a5 = ref Unsafe.Add(ref a4, aRowStride);
            nint aOffset = 0;
            nint bOffset = 0;
            for (int p = 0; p < depth; p++)
            {
                TVector b0 = TOps.Load(ref b, (nuint)bOffset);
                TVector b1 = TOps.Load(ref b, (nuint)(bOffset + w));
                TVector x = TOps.Broadcast(Unsafe.Add(ref a, aOffset));
                s00 = TOps.MultiplyAdd(x, b0, s00);
                s01 = TOps.MultiplyAdd(x, b1, s01);
                x = TOps.Broadcast(Unsafe.Add(ref a1, aOffset));
                s10 = TOps.MultiplyAdd(x, b0, s10);
                s11 = TOps.MultiplyAdd(x, b1, s11);
                x = TOps.Broadcast(Unsafe.Add(ref a2, aOffset));
                s20 = TOps.MultiplyAdd(x, b0, s20);
                s21 = TOps.MultiplyAdd(x, b1, s21);
                x = TOps.Broadcast(Unsafe.Add(ref a3, aOffset));
                s30 = TOps.MultiplyAdd(x, b0, s30);
                s31 = TOps.MultiplyAdd(x, b1, s31);
                x = TOps.Broadcast(Unsafe.Add(ref a4, aOffset));
                s40 = TOps.MultiplyAdd(x, b0, s40);
                s41 = TOps.MultiplyAdd(x, b1, s41);
                x = TOps.Broadcast(Unsafe.Add(ref a5, aOffset));
                s50 = TOps.MultiplyAdd(x, b0, s50);
                s51 = TOps.MultiplyAdd(x, b1, s51);
                aOffset += aColumnStride;
                bOffset += bStride;
            }

            TOps.Store(s00, ref c, 0);
            TOps.Store(s01, ref c, (nuint)w);
            TOps.Store(s10, ref c1, 0);
            TOps.Store(s11, ref c1, (nuint)w);
            TOps.Store(s20, ref c2, 0);
            TOps.Store(s21, ref c2, (nuint)w);
            TOps.Store(s30, ref c3, 0);
            TOps.Store(s31, ref c3, (nuint)w);
            TOps.Store(s40, ref c4, 0);
            TOps.Store(s41, ref c4, (nuint)w);
            TOps.Store(s50, ref c5, 0);
            TOps.Store(s51, ref c5, (nuint)w);
        }

        /// <summary>Four rows × two registers: eight accumulators, two loads of B and four broadcasts of A per step of k.</summary>
        private static void Four2(ref float a, nint aRowStride, nint aColumnStride, ref float b, nint bStride, ref float c, nint cStride, ref float bias, int depth, ProductStart start)
        {
            nint w = TOps.Count;
            ref float c1 = ref Unsafe.Add(ref c, cStride);
            ref float c2 = ref Unsafe.Add(ref c1, cStride);
            ref float c3 = ref Unsafe.Add(ref c2, cStride);
            TVector s00 = StartValue(ref c, ref bias, 0, start);
            TVector s01 = StartValue(ref c, ref bias, w, start);
            TVector s10 = StartValue(ref c1, ref bias, 0, start);
            TVector s11 = StartValue(ref c1, ref bias, w, start);
            TVector s20 = StartValue(ref c2, ref bias, 0, start);
            TVector s21 = StartValue(ref c2, ref bias, w, start);
            TVector s30 = StartValue(ref c3, ref bias, 0, start);
            TVector s31 = StartValue(ref c3, ref bias, w, start);
            nint aOffset = 0;
            nint bOffset = 0;
            for (int p = 0; p < depth; p++)
            {
                TVector b0 = TOps.Load(ref b, (nuint)bOffset);
                TVector b1 = TOps.Load(ref b, (nuint)(bOffset + w));
                TVector x = TOps.Broadcast(Unsafe.Add(ref a, aOffset));
                s00 = TOps.MultiplyAdd(x, b0, s00);
                s01 = TOps.MultiplyAdd(x, b1, s01);
                x = TOps.Broadcast(Unsafe.Add(ref a, aOffset + aRowStride));
                s10 = TOps.MultiplyAdd(x, b0, s10);
                s11 = TOps.MultiplyAdd(x, b1, s11);
                x = TOps.Broadcast(Unsafe.Add(ref a, aOffset + (2 * aRowStride)));
                s20 = TOps.MultiplyAdd(x, b0, s20);
                s21 = TOps.MultiplyAdd(x, b1, s21);
                x = TOps.Broadcast(Unsafe.Add(ref a, aOffset + (3 * aRowStride)));
                s30 = TOps.MultiplyAdd(x, b0, s30);
                s31 = TOps.MultiplyAdd(x, b1, s31);
                aOffset += aColumnStride;
                bOffset += bStride;
            }

            TOps.Store(s00, ref c, 0);
            TOps.Store(s01, ref c, (nuint)w);
            TOps.Store(s10, ref c1, 0);
            TOps.Store(s11, ref c1, (nuint)w);
            TOps.Store(s20, ref c2, 0);
            TOps.Store(s21, ref c2, (nuint)w);
            TOps.Store(s30, ref c3, 0);
            TOps.Store(s31, ref c3, (nuint)w);
        }

        /// <summary>Four rows × one register.</summary>
        private static void Four1(ref float a, nint aRowStride, nint aColumnStride, ref float b, nint bStride, ref float c, nint cStride, ref float bias, int depth, ProductStart start)
        {
            ref float c1 = ref Unsafe.Add(ref c, cStride);
            ref float c2 = ref Unsafe.Add(ref c1, cStride);
            ref float c3 = ref Unsafe.Add(ref c2, cStride);
            TVector s0 = StartValue(ref c, ref bias, 0, start);
            TVector s1 = StartValue(ref c1, ref bias, 0, start);
            TVector s2 = StartValue(ref c2, ref bias, 0, start);
            TVector s3 = StartValue(ref c3, ref bias, 0, start);
            nint aOffset = 0;
            nint bOffset = 0;
            for (int p = 0; p < depth; p++)
            {
                TVector b0 = TOps.Load(ref b, (nuint)bOffset);
                s0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, aOffset)), b0, s0);
                s1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, aOffset + aRowStride)), b0, s1);
                s2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, aOffset + (2 * aRowStride))), b0, s2);
                s3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, aOffset + (3 * aRowStride))), b0, s3);
                aOffset += aColumnStride;
                bOffset += bStride;
            }

            TOps.Store(s0, ref c, 0);
            TOps.Store(s1, ref c1, 0);
            TOps.Store(s2, ref c2, 0);
            TOps.Store(s3, ref c3, 0);
        }

        /// <summary>One row × eight registers.</summary>
        private static void OneWide(ref float a, nint aColumnStride, ref float b, nint bStride, ref float c, ref float bias, int depth, ProductStart start)
        {
            nint w = TOps.Count;
            TVector s0 = StartValue(ref c, ref bias, 0, start);
            TVector s1 = StartValue(ref c, ref bias, w, start);
            TVector s2 = StartValue(ref c, ref bias, 2 * w, start);
            TVector s3 = StartValue(ref c, ref bias, 3 * w, start);
            TVector s4 = StartValue(ref c, ref bias, 4 * w, start);
            TVector s5 = StartValue(ref c, ref bias, 5 * w, start);
            TVector s6 = StartValue(ref c, ref bias, 6 * w, start);
            TVector s7 = StartValue(ref c, ref bias, 7 * w, start);
            nint aOffset = 0;
            nint bOffset = 0;
            for (int p = 0; p < depth; p++)
            {
                TVector x = TOps.Broadcast(Unsafe.Add(ref a, aOffset));
                s0 = TOps.MultiplyAdd(x, TOps.Load(ref b, (nuint)bOffset), s0);
                s1 = TOps.MultiplyAdd(x, TOps.Load(ref b, (nuint)(bOffset + w)), s1);
                s2 = TOps.MultiplyAdd(x, TOps.Load(ref b, (nuint)(bOffset + (2 * w))), s2);
                s3 = TOps.MultiplyAdd(x, TOps.Load(ref b, (nuint)(bOffset + (3 * w))), s3);
                s4 = TOps.MultiplyAdd(x, TOps.Load(ref b, (nuint)(bOffset + (4 * w))), s4);
                s5 = TOps.MultiplyAdd(x, TOps.Load(ref b, (nuint)(bOffset + (5 * w))), s5);
                s6 = TOps.MultiplyAdd(x, TOps.Load(ref b, (nuint)(bOffset + (6 * w))), s6);
                s7 = TOps.MultiplyAdd(x, TOps.Load(ref b, (nuint)(bOffset + (7 * w))), s7);
                aOffset += aColumnStride;
                bOffset += bStride;
            }

            TOps.Store(s0, ref c, 0);
            TOps.Store(s1, ref c, (nuint)w);
            TOps.Store(s2, ref c, (nuint)(2 * w));
            TOps.Store(s3, ref c, (nuint)(3 * w));
            TOps.Store(s4, ref c, (nuint)(4 * w));
            TOps.Store(s5, ref c, (nuint)(5 * w));
            TOps.Store(s6, ref c, (nuint)(6 * w));
            TOps.Store(s7, ref c, (nuint)(7 * w));
        }

        /// <summary>One row × one register.</summary>
        private static void One(ref float a, nint aColumnStride, ref float b, nint bStride, ref float c, ref float bias, int depth, ProductStart start)
        {
            TVector s0 = StartValue(ref c, ref bias, 0, start);
            nint aOffset = 0;
            nint bOffset = 0;
            for (int p = 0; p < depth; p++)
            {
                s0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, aOffset)), TOps.Load(ref b, (nuint)bOffset), s0);
                aOffset += aColumnStride;
                bOffset += bStride;
            }

            TOps.Store(s0, ref c, 0);
        }
    }
}
