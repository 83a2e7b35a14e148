using System.Reflection;
using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Tables;
using Xunit;

namespace Makemore.Tests.Modeling;

/// <summary>The JIT setting of the model-building loops, which the generator's netstandard2.0 writes as a number.</summary>
public sealed class RunOnceTests
{
    [Fact]
    public void Optimized_is_the_runtimes_AggressiveOptimization()
    {
        Assert.Equal(MethodImplOptions.AggressiveOptimization, RunOnce.Optimized);
    }

    [Theory]
    [InlineData(typeof(NGramCounts), "Count")]
    [InlineData(typeof(NGramLevelBuilder), "Next")]
    [InlineData(typeof(RadixSort), "Sort")]
    [InlineData(typeof(NGramTableBuilder), "Fill")]
    [InlineData(typeof(NGramBlockLayout), "ExpectedVisits")]
    [InlineData(typeof(NGramBlockLayout), "Place")]
    [InlineData(typeof(VoseAlias), "Build")]
    public void The_build_loops_skip_tier_0(Type type, string name)
    {
        MethodInfo method = type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)!;
        Assert.True(method.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization), $"{type.Name}.{name}");
    }
}
