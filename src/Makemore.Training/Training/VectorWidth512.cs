using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Makemore.Training;

/// <summary>512-bit registers (AVX-512).</summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly struct VectorWidth512<T> : IVectorWidth<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count => Vector512<T>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> left, Vector512<T> right) => left + right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> left, Vector512<T> right) => left / right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> And(Vector512<T> value, Vector512<T> mask) => value & mask;

    /// <summary>
    /// <see cref="Vector512.Sum{T}(Vector512{T})"/>, bit for bit. For float it does the same additions,
    /// ((a0 + a1) + (a2 + a3)) within each 128-bit quarter q, then (q0 + q1) + (q2 + q3), with three in-register
    /// shuffles for all quarters at once, where <c>Vector512.Sum</c> reduces each quarter separately (about 25
    /// instructions).
    /// </summary>
    /// <param name="value">The register.</param>
    /// <returns>The sum of its elements.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> value)
    {
        if (typeof(T) != typeof(float))
        {
            return Vector512.Sum(value);
        }

        Vector512<float> v = value.As<T, float>();
        v += Vector512.Shuffle(v, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)); // pairs
        v += Vector512.Shuffle(v, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)); // quarters
        v += Vector512.Shuffle(v, Vector512.Create(4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11)); // q0+q1, q2+q3
        return T.CreateTruncating(v.ToScalar() + v.GetElement(8));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddToDoubles(Vector512<T> value, ref double destination)
    {
        if (typeof(T) == typeof(float))
        {
            Vector512<float> single = value.As<T, float>();
            (Vector512.LoadUnsafe(ref destination) + Vector512.WidenLower(single)).StoreUnsafe(ref destination);
            (Vector512.LoadUnsafe(ref destination, 8) + Vector512.WidenUpper(single)).StoreUnsafe(ref destination, 8);
        }
        else
        {
            (Vector512.LoadUnsafe(ref destination) + value.As<T, double>()).StoreUnsafe(ref destination);
        }
    }
}
