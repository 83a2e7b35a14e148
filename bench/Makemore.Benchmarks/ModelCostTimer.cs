using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Planning;

namespace Makemore.Benchmarks;

/// <summary>
/// <c>model-cost FILE ORDER [REPEATS]</c>: the generator's model work (parse + <see cref="ModelPlan.Make"/>) and a
/// generated model's first use (<see cref="LanguageModel.FromRecipe"/>) on one list at one order, in wall and process
/// CPU time, without BenchmarkDotNet: on a shared, loaded machine the CPU time is the steadier figure (the other
/// sessions' work inflates the wall time several-fold). The first call of each is cold (tier-0 code, the JIT), the
/// rest warm; one line per call, tab-separated, for bench/builds/model-cost.sh to take medians of.
/// </summary>
internal static class ModelCostTimer
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: model-cost FILE ORDER [REPEATS]");
            return 2;
        }

        string text = File.ReadAllText(args[1]);
        int order = int.Parse(args[2], CultureInfo.InvariantCulture);
        int repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        ModelSettings settings = ModelSettings.Default(order);
        using var process = Process.GetCurrentProcess();
        string recipe = string.Empty;
        for (int i = 0; i < repeats; i++)
        {
            ModelPlan plan = null!;
            NameList names = null!;
            Measure(process, "plan", i, () =>
            {
                names = NameListParser.Parse(text);
                plan = ModelPlan.Make(names, settings, ModelPlan.DefaultMaxTableBytes, out _);
                return plan.Pruning is { } pruning ? pruning.Bytes : -1;
            });
            recipe = ModelRecipe.Write(names, plan, "model-cost");
        }

        for (int i = 0; i < repeats; i++)
        {
            Measure(process, "first-use", i, () => LanguageModel.FromRecipe(recipe).TableBytes);
        }

        return 0;
    }

    private static void Measure(Process process, string what, int call, Func<long> work)
    {
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        long result = work();
        double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        process.Refresh();
        double used = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{what}\t{call}\t{wall:F1}\t{used:F1}\t{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1048576.0:F1}\t{result}"));
    }
}
