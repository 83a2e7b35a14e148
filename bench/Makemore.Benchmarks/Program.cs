using System;
using System.IO;
using BenchmarkDotNet.Running;
using Makemore.Benchmarks;

if (args.Length > 0 && args[0] == "model-cost")
{
    return ModelCostTimer.Run(args);
}

try
{
    // Fail before any benchmark is built if the data is missing; the child processes inherit the variable.
    string path = LectureNames.Locate();
    Environment.SetEnvironmentVariable(LectureNames.Variable, path);
    Console.WriteLine($"Lecture names: {path}");
}
catch (FileNotFoundException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
