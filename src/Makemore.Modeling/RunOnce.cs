// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;

namespace Makemore.Modeling;

/// <summary>
/// The JIT setting of the loops that build a model: parsing, counting, smoothing, tuning and laying out tables.
/// </summary>
/// <remarks>
/// Each of these methods runs once per model (or a few dozen times while tuning), over hundreds of thousands of
/// items, in a process that has just started: a generated model's first use, or the compiler running the generator.
/// Tiered compilation would run them as unoptimised tier-0 code and replace them only once they are hot, by which
/// time they are done; compiled fully optimised on their first call they cost a few milliseconds more of JIT and run
/// several times faster (bench/RESULTS.md, "First use"). <c>MethodImplOptions.AggressiveOptimization</c> (512) is
/// not in netstandard2.0's enum, which the generator compiles against; the runtime honours the value either way.
/// </remarks>
internal static class RunOnce
{
    /// <summary><c>MethodImplOptions.AggressiveOptimization</c>: compiled fully optimised on the first call, never at tier 0.</summary>
    public const MethodImplOptions Optimized = (MethodImplOptions)512;
}
