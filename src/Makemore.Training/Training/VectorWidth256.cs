using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Makemore.Training;

/// <summary>256-bit registers (AVX).</summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly struct VectorWidth256<T> : IVectorWidth<Vector256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count => Vector256<T>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> left, Vector256<T> right) => left + right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> left, Vector256<T> right) => left / right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> And(Vector256<T> value, Vector256<T> mask) => value & mask;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> value) => Vector256.Sum(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddToDoubles(Vector256<T> value, ref double destination)
    {
        if (typeof(T) == typeof(float))
        {
            Vector256<float> single = value.As<T, float>();
            (Vector256.LoadUnsafe(ref destination) + Vector256.WidenLower(single)).StoreUnsafe(ref destination);
            (Vector256.LoadUnsafe(ref destination, 4) + Vector256.WidenUpper(single)).StoreUnsafe(ref destination, 4);
        }
        else
        {
            (Vector256.LoadUnsafe(ref destination) + value.As<T, double>()).StoreUnsafe(ref destination);
        }
    }
}
