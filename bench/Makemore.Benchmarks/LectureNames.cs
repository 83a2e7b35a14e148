using System;
using System.IO;

namespace Makemore.Benchmarks;

/// <summary>
/// The lecture's names.txt: from MAKEMORE_LECTURE_NAMES, else ../shared/data/names.txt beside the repository
/// root (the folder holding Makemore.sln, found upwards from the working directory or the program's folder).
/// </summary>
internal static class LectureNames
{
    public const string Variable = "MAKEMORE_LECTURE_NAMES";

    private static readonly Lazy<string> CachedText = new(() => File.ReadAllText(Locate()));

    public static string Text => CachedText.Value;

    public static string Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new FileNotFoundException($"{Variable} is set to \"{fromEnvironment}\", which does not exist.", fromEnvironment);
        }

        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Makemore.sln")))
                {
                    string candidate = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "names.txt"));
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }

        throw new FileNotFoundException(
            $"The lecture's names.txt was not found: set {Variable} to its path, or place it at ../shared/data/names.txt next to the repository root.");
    }
}
