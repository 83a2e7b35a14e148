using System;

namespace Makemore.Tests;

/// <summary>Measures what a piece of code allocates on this thread once the JIT has settled.</summary>
internal static class Allocations
{
    public static long Measure(Action action, int warmUp = 1_000)
    {
        for (int i = 0; i < warmUp; i++)
        {
            action();
        }

        _ = GC.GetAllocatedBytesForCurrentThread();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
