using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Makemore.Training;

/// <summary>128-bit registers (SSE, Arm64 AdvSIMD).</summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly struct VectorWidth128<T> : IVectorWidth<Vector128<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count => Vector128<T>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> left, Vector128<T> right) => left + right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> left, Vector128<T> right) => left / right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> And(Vector128<T> value, Vector128<T> mask) => value & mask;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value) => Vector128.Sum(value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddToDoubles(Vector128<T> value, ref double destination)
    {
        if (typeof(T) == typeof(float))
        {
            Vector128<float> single = value.As<T, float>();
            (Vector128.LoadUnsafe(ref destination) + Vector128.WidenLower(single)).StoreUnsafe(ref destination);
            (Vector128.LoadUnsafe(ref destination, 2) + Vector128.WidenUpper(single)).StoreUnsafe(ref destination, 2);
        }
        else
        {
            (Vector128.LoadUnsafe(ref destination) + value.As<T, double>()).StoreUnsafe(ref destination);
        }
    }
}
