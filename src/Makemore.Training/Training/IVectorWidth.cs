using System.Numerics;

namespace Makemore.Training;

/// <summary>
/// One register width for the softmax kernels: the handful of operations they need on a register of
/// <typeparamref name="TVector"/> holding <see cref="Count"/> elements of <typeparamref name="T"/>.
/// </summary>
/// <remarks>
/// The kernels in <see cref="LineKernels{T, TWidth, TVector}"/> are written once against this interface and
/// instantiated per width; the implementations are structs, so every call is resolved and inlined when the JIT
/// compiles an instantiation, and the code is what a hand-written loop over that width compiles to.
/// <see cref="LineKernels{T}.ForThisMachine"/> is the one place a width is chosen.
/// (.NET 8 does not make the runtime's own <c>ISimdVector&lt;TSelf, T&gt;</c> public.)
/// </remarks>
/// <typeparam name="TVector">The register type, e.g. <c>Vector512&lt;float&gt;</c>; <typeparamref name="T"/> itself for the scalar width.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
internal interface IVectorWidth<TVector, T>
    where TVector : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements per register.</summary>
    static abstract int Count { get; }

    /// <summary>Loads a register from <paramref name="source"/> + <paramref name="offset"/> elements.</summary>
    static abstract TVector Load(ref T source, nuint offset);

    /// <summary>Stores a register at <paramref name="destination"/> + <paramref name="offset"/> elements.</summary>
    static abstract void Store(TVector value, ref T destination, nuint offset);

    /// <summary>A register with <paramref name="value"/> in every element.</summary>
    static abstract TVector Broadcast(T value);

    /// <summary>Element-wise sum.</summary>
    static abstract TVector Add(TVector left, TVector right);

    /// <summary>Element-wise quotient.</summary>
    static abstract TVector Divide(TVector left, TVector right);

    /// <summary>Bitwise and: with a mask of all-ones or all-zeros elements, keeps or zeroes each element.</summary>
    static abstract TVector And(TVector value, TVector mask);

    /// <summary>
    /// The sum of the elements, in the order of this width's <c>VectorNNN.Sum</c>: every machine of a width
    /// adds a line's elements in the same order, which the lecture figures in the tests depend on.
    /// </summary>
    static abstract T Sum(TVector value);

    /// <summary>Adds the elements, converted to double (exactly), to the <see cref="Count"/> doubles at <paramref name="destination"/>.</summary>
    static abstract void AddToDoubles(TVector value, ref double destination);
}
