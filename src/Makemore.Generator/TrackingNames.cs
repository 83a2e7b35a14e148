namespace Makemore.Generator;

/// <summary>Names of the pipeline steps, so that tests can check which ones ran and which were cached.</summary>
public static class TrackingNames
{
    /// <summary>Picks the names files and their settings out of the AdditionalFiles.</summary>
    public const string Requests = nameof(Requests);

    /// <summary>Reads, parses, counts and normalises one names file.</summary>
    public const string Models = nameof(Models);

    /// <summary>Whether the compilation references Makemore.Runtime.</summary>
    public const string RuntimeReference = nameof(RuntimeReference);

    /// <summary>All models together, to detect clashing class names.</summary>
    public const string AllModels = nameof(AllModels);
}
