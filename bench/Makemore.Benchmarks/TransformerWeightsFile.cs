using System;
using System.IO;

namespace Makemore.Benchmarks;

/// <summary>
/// A trained transformer's weights file for the inference benchmarks: from MAKEMORE_TRANSFORMER_WEIGHTS, else
/// data/names.weights in the repository. Sampling speed depends on the names' lengths, so the model must be trained.
/// </summary>
internal static class TransformerWeightsFile
{
    public const string Variable = "MAKEMORE_TRANSFORMER_WEIGHTS";

    public static byte[] Read()
    {
        string? path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path))
        {
            for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Makemore.sln")))
                {
                    path = Path.Combine(directory.FullName, "data", "names.weights");
                    break;
                }
            }
        }

        return path is not null && File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new FileNotFoundException(
                $"No transformer weights: set {Variable} to a weights file, e.g. one made by `makemore train --model Transformer --data data/names.txt --out names.weights`.");
    }
}
