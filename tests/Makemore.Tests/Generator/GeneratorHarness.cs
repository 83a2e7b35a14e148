using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using System;
using Makemore.Bigram;
using Makemore.Generator;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;

namespace Makemore.Tests.Generator;

/// <summary>An additional file as the compiler hands it to the generator.</summary>
internal sealed class TestAdditionalText(string path, string? text, Dictionary<string, string>? metadata = null) : AdditionalText
{
    private readonly SourceText? _decoded;

    private TestAdditionalText(string path, SourceText? decoded, Dictionary<string, string>? metadata)
        : this(path, text: null, metadata) => _decoded = decoded;

    public override string Path { get; } = path;

    public Dictionary<string, string> Metadata { get; } = metadata ?? [];

    public bool Throws { get; init; }

    /// <summary>A file given as bytes, decoded as the compiler decodes an additional file (see <see cref="CompilerText"/>).</summary>
    public static TestAdditionalText FromBytes(string path, byte[] bytes, Dictionary<string, string>? metadata = null) =>
        new(path, CompilerText.Decode(bytes), metadata);

    public override SourceText? GetText(CancellationToken cancellationToken = default) =>
        Throws ? throw new IOException("disk on fire") : text is null ? _decoded : SourceText.From(text, Encoding.UTF8);
}

/// <summary>
/// Decodes bytes exactly as the compiler decodes an additional file: Roslyn's own EncodedStringText, which reads
/// UTF-8 (or the encoding a byte order mark names) and, when the bytes are not valid UTF-8, falls back to the system's
/// code page (Windows-1252 on Windows; UTF-8 with U+FFFD replacement on Linux and macOS). UTF-16 without a byte
/// order mark is valid UTF-8, so it arrives as text with a NUL after every ASCII character. Bytes that are not UTF-8
/// and look binary (two NULs in a row) make it throw, and the compiler then hands the generator no text.
/// </summary>
internal static class CompilerText
{
    private static readonly Lazy<MethodInfo> Create = new(() =>
        typeof(SourceText).Assembly.GetType("Microsoft.CodeAnalysis.Text.EncodedStringText", throwOnError: true)!
            .GetMethods(BindingFlags.Static | BindingFlags.NonPublic)
            .Single(m => m.Name == "Create" && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(
                [typeof(Stream), typeof(Encoding), typeof(SourceHashAlgorithm), typeof(bool)])));

    public static SourceText? Decode(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            return (SourceText)Create.Value.Invoke(null, [stream, null, SourceHashAlgorithm.Sha256, false])!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is InvalidDataException)
        {
            return null;
        }
    }
}

/// <summary>MSBuild's view of the project: global properties and per-file item metadata.</summary>
internal sealed class TestOptionsProvider(Dictionary<string, string> global, IReadOnlyList<TestAdditionalText> files) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
    {
        var file = textFile as TestAdditionalText ?? files.FirstOrDefault(f => f.Path == textFile.Path) ?? throw new ArgumentException("Unknown file " + textFile.Path);
        return new Options(file.Metadata.ToDictionary(kv => "build_metadata.AdditionalFiles." + kv.Key, kv => kv.Value));
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

/// <summary>Runs <see cref="MakemoreGenerator"/> the way the compiler does and compiles what it produced.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || System.IO.Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private static readonly MetadataReference Runtime = MetadataReference.CreateFromFile(typeof(BigramSampler).Assembly.Location);

    public static CSharpCompilation Compilation(
        string source = "class Program { static void Main() { } }", bool withRuntime = true, CSharpParseOptions? parseOptions = null) =>
        CSharpCompilation.Create(
            "Consumer" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, parseOptions ?? new CSharpParseOptions(LanguageVersion.Latest), path: "Program.cs")],
            withRuntime ? Framework.Value.Add(Runtime) : Framework.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

    /// <summary>A driver over the files; <paramref name="parseOptions"/> (C# latest by default) parse what it generates.</summary>
    public static GeneratorDriver CreateDriver(
        IReadOnlyList<TestAdditionalText> files, string? rootNamespace = "Consumer", CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create(
            [new MakemoreGenerator().AsSourceGenerator()],
            files,
            parseOptions ?? new CSharpParseOptions(LanguageVersion.Latest),
            new TestOptionsProvider(rootNamespace is null ? [] : new() { ["build_property.RootNamespace"] = rootNamespace }, files),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the output compilation and the generator's own diagnostics.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriver Driver) Run(
        IReadOnlyList<TestAdditionalText> files, string? rootNamespace = "Consumer", CSharpCompilation? compilation = null)
    {
        GeneratorDriver driver = CreateDriver(files, rootNamespace)
            .RunGeneratorsAndUpdateCompilation(compilation ?? Compilation(), out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return (output, diagnostics, driver);
    }

    public static TestAdditionalText Names(string text, string path = "/project/names.txt", Dictionary<string, string>? metadata = null) =>
        new(path, text, metadata);

    /// <summary>Compiles the output and loads it; fails the test on any warning or error.</summary>
    public static Assembly Load(Compilation output)
    {
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (problems.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Generated code does not compile cleanly:\n" + string.Join("\n", problems));
        }

        using var image = new MemoryStream();
        var emit = output.Emit(image);
        if (!emit.Success)
        {
            throw new Xunit.Sdk.XunitException("Emit failed:\n" + string.Join("\n", emit.Diagnostics));
        }

        image.Position = 0;
        return new AssemblyLoadContext(output.AssemblyName, isCollectible: true).LoadFromStream(image);
    }

    /// <summary>A generated model's members, read through reflection.</summary>
    public sealed class LoadedModel(Type type)
    {
        public Type Type { get; } = type;

        public T[] Table<T>(string name)
        {
            // ReadOnlySpan<T> cannot be boxed; a small dynamic method copies it out.
            MethodInfo getter = Type.GetProperty(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetMethod!;
            var copy = typeof(LoadedModel).GetMethod(nameof(CopyOut), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeof(T));
            return (T[])copy.Invoke(null, [getter.CreateDelegate<SpanGetter<T>>()])!;
        }

        public string Alphabet => new(Table<char>("Alphabet"));

        /// <summary>The generated class's model (laid out from its recipe on first use).</summary>
        public LanguageModel Language => (LanguageModel)Type.GetProperty("Model")!.GetValue(null)!;

        /// <summary>A constant, or a static property (ShortestSampleLength forwards to the model).</summary>
        public object? Member(string name) => Type.GetField(name)?.GetValue(null) ?? Type.GetProperty(name)!.GetValue(null);

        public object? Constant(string name) => Type.GetField(name)!.GetValue(null);

        public object? Call(string name, params object[] arguments) =>
            Type.GetMethods().Single(m => m.Name == name && !m.IsGenericMethod && m.GetParameters().Length == arguments.Length
                && m.GetParameters().Zip(arguments).All(p => p.First.ParameterType == p.Second.GetType())).Invoke(null, arguments);

        private static T[] CopyOut<T>(SpanGetter<T> getter) => getter().ToArray();
    }

    public delegate ReadOnlySpan<T> SpanGetter<T>();

    /// <summary>A consumer program that calls the span members of a generated model (reflection cannot pass spans).</summary>
    public static string Probe(string model) => $$"""
        public static class Probe
        {
            public static double NegativeLogLikelihood(string name) => {{model}}.NegativeLogLikelihood(name);
            public static double AverageNegativeLogLikelihood(string text) => {{model}}.AverageNegativeLogLikelihood(text);
            public static string SampleSpan(ulong seed)
            {
                var rng = new global::Makemore.Xoshiro256StarStar(seed);
                System.Span<char> buffer = stackalloc char[64];
                return buffer[..{{model}}.Sample(ref rng, buffer)].ToString();
            }
            public static void Main() { }
        }
        """;

    public static object? CallProbe(Assembly assembly, string method, params object[] arguments) =>
        assembly.GetType("Probe", throwOnError: true)!.GetMethod(method)!.Invoke(null, arguments);

    public static LoadedModel Model(Assembly assembly, string fullName) => new(assembly.GetType(fullName, throwOnError: true)!);
}
