namespace Makemore.Generator;

/// <summary>
/// The names the generated class declares or relies on, in one place: the emitter writes the members by these
/// names, and a model class may not take any of them (a class cannot share its name with a member, CS0542).
/// A test parses the emitted class and fails on any declared member missing here, so a new member cannot slip past.
/// </summary>
internal static class GeneratedMembers
{
    public const string Order = nameof(Order);
    public const string VocabularySize = nameof(VocabularySize);
    public const string NameCount = nameof(NameCount);
    public const string TokenCount = nameof(TokenCount);
    public const string ShortestName = nameof(ShortestName);
    public const string LongestName = nameof(LongestName);
    public const string ShortestSampleLength = nameof(ShortestSampleLength);
    public const string Smoothing = nameof(Smoothing);
    public const string End = nameof(End);
    public const string Alphabet = nameof(Alphabet);
    public const string Model = nameof(Model);
    public const string ModelField = "s_makemoreModel";
    public const string Tables = nameof(Tables);
    public const string Counts = nameof(Counts);
    public const string Probabilities = nameof(Probabilities);
    public const string Recipe = nameof(Recipe);
    public const string Sample = nameof(Sample);
    public const string SampleLines = nameof(SampleLines);
    public const string SampleLinesParallel = nameof(SampleLinesParallel);
    public const string NegativeLogLikelihood = nameof(NegativeLogLikelihood);
    public const string AverageNegativeLogLikelihood = nameof(AverageNegativeLogLikelihood);
    public const string Probability = nameof(Probability);
    public const string SampleUnique = nameof(SampleUnique);
    public const string ContainsName = nameof(ContainsName);
    public const string Layers = nameof(Layers);
    public const string Heads = nameof(Heads);
    public const string Embedding = nameof(Embedding);
    public const string ParameterCount = nameof(ParameterCount);
    public const string Weights = nameof(Weights);
    public const string KnownNames = nameof(KnownNames);

    /// <summary>Every member a generated class declares (the dense bigram's matrices and a transformer's shape included).</summary>
    public static readonly string[] Names =
    [
        Order, VocabularySize, NameCount, TokenCount, ShortestName, LongestName, ShortestSampleLength, Smoothing, End,
        Alphabet, Model, ModelField, Tables, Counts, Probabilities, Recipe,
        Sample, SampleLines, SampleLinesParallel, NegativeLogLikelihood, AverageNegativeLogLikelihood, Probability,
        SampleUnique, ContainsName, Layers, Heads, Embedding, ParameterCount, Weights, KnownNames,
    ];

    /// <summary>
    /// The root namespaces generated code names as <c>global::System</c> and <c>global::Makemore</c>: a class of
    /// one of these names in the global namespace would stand where the namespace should be found.
    /// </summary>
    public static readonly string[] RootNamespaces = ["System", "Makemore"];

    public static bool IsMember(string name) => System.Array.IndexOf(Names, name) >= 0;

    public static bool IsRootNamespace(string name) => System.Array.IndexOf(RootNamespaces, name) >= 0;
}
