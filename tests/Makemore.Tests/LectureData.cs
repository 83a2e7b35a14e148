using System;
using System.IO;

namespace Makemore.Tests;

/// <summary>The lecture's exact names.txt, found through MAKEMORE_LECTURE_NAMES (set by .ci/run).</summary>
internal static class LectureData
{
    public const string Variable = "MAKEMORE_LECTURE_NAMES";

    private static readonly Lazy<string?> Cached = new(() =>
    {
        string? path = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrEmpty(path) ? null : File.ReadAllText(path);
    });

    /// <summary>Why lecture tests are skipped, or null when the file is available.</summary>
    public static string? SkipReason => Cached.Value is null
        ? $"{Variable} is not set; .ci/run sets it to ../shared/data/names.txt. Export it to run the lecture tests."
        : null;

    /// <summary>The file's text (throws when unavailable: check <see cref="SkipReason"/> first).</summary>
    public static string Text => Cached.Value ?? throw new InvalidOperationException(SkipReason);
}

/// <summary>The project's own data/names.txt, copied beside the test assembly.</summary>
internal static class DefaultData
{
    private static readonly Lazy<string> Cached = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "names.txt")));

    public static string Text => Cached.Value;
}

/// <summary>A fact that needs the lecture's file: skipped, with the reason, when MAKEMORE_LECTURE_NAMES is unset.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LectureFactAttribute : Xunit.FactAttribute
{
    /// <summary>Sets <see cref="Xunit.FactAttribute.Skip"/> when the file is unavailable.</summary>
    public LectureFactAttribute() => Skip = LectureData.SkipReason;
}
