namespace Makemore.Generator;

/// <summary>Names of the pipeline steps, so that tests can check which ones ran and which were cached.</summary>
public static class TrackingNames
{
    /// <summary>Picks the names files and their settings out of the AdditionalFiles.</summary>
    public const string Requests = nameof(Requests);

    /// <summary>Reads, parses, checks and tunes one names file.</summary>
    public const string Models = nameof(Models);

    /// <summary>Whether the compilation references Makemore.Runtime.</summary>
    public const string RuntimeReference = nameof(RuntimeReference);

    /// <summary>Whether the project's C# has UTF-8 string literals (C# 11 and later).</summary>
    public const string LanguageVersion = nameof(LanguageVersion);

    /// <summary>All models together, to detect clashing class names.</summary>
    public const string AllModels = nameof(AllModels);
}
