using System.Diagnostics.CodeAnalysis;

namespace Makemore.Sampling;

/// <summary>
/// One state word (or one output) of all <see cref="XoshiroLanes.Count"/> lanes, in however many SIMD registers a
/// vector width needs: the operations <see cref="XoshiroLanes"/> writes the xoshiro256** step with, once for
/// every width.
/// </summary>
/// <typeparam name="TSelf">The implementing struct, so that calls are specialised and inlined.</typeparam>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Static abstract members are the point: the step is written once over them.")]
internal interface IXoshiroVector<TSelf>
    where TSelf : struct, IXoshiroVector<TSelf>
{
    /// <summary>The lanes' values from <see cref="XoshiroLanes.Count"/> consecutive words.</summary>
    static abstract TSelf Load(ref ulong source);

    /// <summary>The same value in every lane.</summary>
    static abstract TSelf Broadcast(ulong value);

    static abstract TSelf operator ^(TSelf left, TSelf right);

    static abstract TSelf operator +(TSelf left, TSelf right);

    static abstract TSelf operator <<(TSelf value, int count);

    /// <summary>Each lane rotated left by <paramref name="count"/> bits (a constant after inlining).</summary>
    static abstract TSelf RotateLeft(TSelf value, [ConstantExpected] byte count);

    /// <summary>Writes the lanes to <see cref="XoshiroLanes.Count"/> consecutive words.</summary>
    void Store(ref ulong destination);

    /// <summary>
    /// Writes each lane's output as a packed draw (<see cref="AliasDraw.Pack"/>) to <see cref="XoshiroLanes.Count"/>
    /// consecutive <see cref="uint"/>s; <paramref name="vocabularySize"/> holds V in every lane.
    /// </summary>
    void StorePackedDraws(TSelf vocabularySize, ref uint destination);
}
