namespace Makemore;

/// <summary>
/// A source of uniformly distributed 64-bit values. Implement it on a struct and pass it by <c>ref</c> to the
/// generic sampling methods: the JIT then specialises and inlines the call, so a draw costs a few instructions.
/// </summary>
public interface IRandomSource
{
    /// <summary>Returns the next value, uniformly distributed over all 2^64 values.</summary>
    /// <returns>64 random bits.</returns>
    ulong NextUInt64();
}
