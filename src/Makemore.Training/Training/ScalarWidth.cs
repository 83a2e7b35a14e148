using System.Numerics;
using System.Runtime.CompilerServices;

namespace Makemore.Training;

/// <summary>One element at a time, for machines (or runs with <c>DOTNET_EnableHWIntrinsic=0</c>) without SIMD.</summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly struct ScalarWidth<T> : IVectorWidth<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int Count => 1;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nuint offset) => Unsafe.Add(ref source, offset);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T left, T right) => left + right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Divide(T left, T right) => left / right;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T And(T value, T mask)
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.BitCast<uint, T>(Unsafe.BitCast<T, uint>(value) & Unsafe.BitCast<T, uint>(mask));
        }

        return Unsafe.BitCast<ulong, T>(Unsafe.BitCast<T, ulong>(value) & Unsafe.BitCast<T, ulong>(mask));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(T value) => value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddToDoubles(T value, ref double destination) => destination += double.CreateTruncating(value);
}
