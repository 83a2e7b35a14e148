using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Makemore.NGram;

/// <summary>
/// Starts loading the cache line of a block the sampler is about to read, without waiting for it: a prefetch
/// instruction retires at once, whereas a load that misses holds its place in the reorder buffer until the line
/// arrives and, with several chains' steps between two of one chain, fills it and stops the chains from hiding each
/// other's misses.
/// </summary>
internal static class BlockPrefetch
{
    /// <summary>Whether <see cref="Line"/> prefetches on this processor (x86's SSE; elsewhere the samplers do without).</summary>
    public static bool IsSupported => Sse.IsSupported;

    /// <summary>
    /// Prefetches the cache line that holds <paramref name="slot"/>. The caller pins the array <paramref name="slot"/>
    /// lies in for as long as it samples (<c>fixed</c>), so the address stays that of the slot; a prefetch never faults
    /// and only hints, so the values read are the same with it or without it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line<T>(ref T slot) => Sse.Prefetch0(Unsafe.AsPointer(ref slot));
}
