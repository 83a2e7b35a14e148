using System.Threading;
using System;
using Makemore.Bigram;
using Makemore.Constraints;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Planning;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Makemore.NGram;
using Makemore.Transformers;
using Makemore.Symbols;

namespace Makemore;

/// <summary>
/// A character-level language model of names built at run time, of any order: the same tables the source
/// generator compiles into a class, computed by the same code, and answering the same calls (through
/// <see cref="Tables"/>, or its own members of the same names); or a trained transformer loaded from its weights
/// file (<see cref="FromWeights"/>), answering the same calls.
/// </summary>
/// <example>
/// <code>
/// var model = LanguageModel.FromText(File.ReadAllText("names.txt"), order: 6, Smoothing.KneserNey);
/// string name = model.Sample(new Random(42));
/// </code>
/// </example>
public sealed class LanguageModel
{
    private readonly string _alphabet;
    private readonly byte[] _asciiIndex;
    private readonly BigramModelData? _bigram;
    private readonly NGramTables? _tree;
    private readonly NameList? _names;
    private readonly TransformerModel? _transformer;
    private PackedNames? _nameSet;

    private LanguageModel(string alphabet, BigramModelData? bigram, NGramTables? tree, Smoothing smoothing, int order, NameList? names = null, TransformerModel? transformer = null)
    {
        _transformer = transformer;
        _names = names;
        _alphabet = alphabet;
        _asciiIndex = SymbolIndex.BuildAscii(alphabet);
        _bigram = bigram;
        _tree = tree;
        Smoothing = smoothing;
        Order = order;
    }

    /// <summary>The size budget of a model's tables when none is given: 8 MiB (an order-6 model of the lecture's 32,033 names takes 6.5 MiB).</summary>
    public const long DefaultMaxTableBytes = ModelPlan.DefaultMaxTableBytes;

    /// <summary>The model's tables as the value every model shares: every call of this class, on any model.</summary>
    public ModelTables Tables => _transformer is { } transformer
        ? new ModelTables(transformer.Weights, _alphabet, _asciiIndex, this)
        : _tree is { } tree
        ? new ModelTables(Order, new NGramTable(tree, _asciiIndex), this)
        : new ModelTables(_alphabet, _asciiIndex, _bigram!.AliasTable, _bigram.LogProbabilities, _bigram.ShortestSampleLength, this);

    /// <inheritdoc cref="ModelTables.Alphabet"/>
    public ReadOnlySpan<char> Alphabet => _alphabet;

    /// <inheritdoc cref="ModelTables.End"/>
    public char End => _alphabet[0];

    /// <summary>The number of symbols V, the start/end token included.</summary>
    public int VocabularySize => _alphabet.Length;

    /// <summary>The model's order n: each symbol is drawn given the n − 1 symbols before it.</summary>
    public int Order { get; }

    /// <summary>The bytes the model's tables take in memory (what <see cref="DefaultMaxTableBytes"/> bounds): the context tree's slots, the dense bigram's V×V tables, or what a transformer holds for inference (its parameters as float32, their float16 copy for one-name passes, the kept passes of the first four positions).</summary>
    public long TableBytes => _transformer?.MemoryBytes ?? _tree?.TotalBytes ?? BigramModelData.Bytes(_alphabet.Length);

    /// <summary>How the counts became probabilities (a transformer, which counts nothing, reports additive α = 0).</summary>
    public Smoothing Smoothing { get; }

    /// <summary>The length of the shortest name the model can produce.</summary>
    public int ShortestSampleLength => _transformer is not null ? 0 : _tree?.ShortestName ?? _bigram!.ShortestSampleLength;

    /// <summary>Number of names the model was counted from (0 for a model built from probabilities).</summary>
    public int NameCount { get; private init; }

    /// <summary>Number of symbols those names hold, each name's end included (0 for a model built from probabilities).</summary>
    public long TokenCount { get; private init; }

    /// <summary>Length of the shortest name counted (0 for a model built from probabilities).</summary>
    public int ShortestName { get; private init; }

    /// <summary>Length of the longest name counted (0 for a model built from probabilities).</summary>
    public int LongestName { get; private init; }

    /// <summary>
    /// The lecture's count matrix N (V×V, row-major: <c>Counts[previous * VocabularySize + next]</c>) of a bigram
    /// model counted from names (order 2, additive smoothing); empty for other models.
    /// </summary>
    public ReadOnlySpan<int> Counts => _bigram is null ? default : _bigram.Counts;

    /// <summary>
    /// The lecture's probability matrix P (V×V, row-major, float) of a bigram model (order 2, additive smoothing,
    /// or built from probabilities); empty for other models, whose probabilities <see cref="Probability(ReadOnlySpan{char}, char)"/> gives.
    /// </summary>
    public ReadOnlySpan<float> Probabilities => _bigram is null ? default : _bigram.Probabilities;

    /// <summary>The dense bigram's alias table (for the tests and benchmarks); empty for a context tree.</summary>
    internal ReadOnlySpan<uint> AliasTable => _bigram is null ? default : _bigram.AliasTable;

    /// <summary>The dense bigram's ln P (for the tests and benchmarks); empty for a context tree.</summary>
    internal ReadOnlySpan<double> LogProbabilities => _bigram is null ? default : _bigram.LogProbabilities;

    /// <summary>The symbol index of each ASCII character.</summary>
    internal ReadOnlySpan<byte> AsciiIndex => _asciiIndex;

    /// <summary>The dense bigram's tables, for the tests; null for a context tree.</summary>
    internal BigramModelData? Bigram => _bigram;

    /// <summary>The context tree's tables, for the tests; null for the dense bigram.</summary>
    internal NGramTables? Tree => _tree;

    /// <summary>The transformer, for the tests; null for a count model.</summary>
    internal TransformerModel? Transformer => _transformer;

    /// <summary>
    /// Counts a names list and smooths it, exactly as the source generator does at build time for an
    /// <c>AdditionalFiles</c> item with the same <c>MakemoreOrder</c> and <c>MakemoreSmoothing</c>.
    /// </summary>
    /// <param name="text">One name per line (LF, CRLF or CR); surrounding whitespace trimmed, blank lines skipped.</param>
    /// <param name="order">n, from 1 to 8; 2 (the lecture's bigram model) by default.</param>
    /// <param name="smoothing">The smoothing; by default additive α = 1 up to order 2 (the lecture's) and Kneser–Ney above.</param>
    /// <param name="maxTableBytes">
    /// The most bytes the model's tables may take: a larger model has its rarest contexts of two or more symbols
    /// pruned (count cut-offs) until it fits, as the generator does for <c>MakemoreMaxTableBytes</c>.
    /// </param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">The text is not a valid names list; the message names the first offending character and its line, column and index.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not from 1 to 8, or no pruning brings the model within <paramref name="maxTableBytes"/> (the message gives the smallest size).</exception>
    public static LanguageModel FromText(string text, int order = ModelSettings.DefaultOrder, Smoothing? smoothing = null, long maxTableBytes = DefaultMaxTableBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!ModelSettings.IsValidOrder(order))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"The order must be from {ModelSettings.MinOrder} to {ModelSettings.MaxOrder}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTableBytes);
        ModelSettings settings = smoothing is { } chosen ? chosen.ToSettings(order) : ModelSettings.Default(order);
        LanguageModelData data;
        try
        {
            data = LanguageModelData.Build(text, settings, maxTableBytes, out NameList names)
                ?? throw new ArgumentException(names.Describe(), nameof(text));
        }
        catch (ModelTooLargeException tooLarge)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxTableBytes),
                maxTableBytes,
                $"{tooLarge.Message} Raise maxTableBytes to at least {tooLarge.SmallestBytes}, or use a lower order.");
        }

        return From(data);
    }

    /// <summary>
    /// <c>FromText</c> of <paramref name="text"/> over the alphabet of <paramref name="alphabetText"/>, a list
    /// that holds every character of <paramref name="text"/> and maybe more, as makemore.py's vocabulary is every
    /// character of the whole list while its model learns from the train part: a symbol <paramref name="text"/> lacks is
    /// counted zero times, and gets what the smoothing gives an unseen symbol.
    /// </summary>
    /// <exception cref="ArgumentException">Either text is not a valid names list, or <paramref name="text"/> has a character <paramref name="alphabetText"/> lacks.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The smoothing is additive α = 0, or no pruning brings the model within the default budget.</exception>
    internal static LanguageModel FromTextOverAlphabetOf(string text, string alphabetText, int order, Smoothing smoothing)
    {
        if (smoothing == Smoothing.Additive(0))
        {
            // A symbol counted zero times would have probability 0 everywhere, and a context never seen no distribution.
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "A model over a wider alphabet needs smoothing.");
        }

        NameList names = NameListParser.Parse(text);
        NameList whole = NameListParser.Parse(alphabetText);
        if (!names.IsValid || !whole.IsValid)
        {
            throw new ArgumentException((names.IsValid ? whole : names).Describe(), names.IsValid ? nameof(alphabetText) : nameof(text));
        }

        foreach (char c in names.Alphabet.AsSpan(1))
        {
            if (whole.Alphabet.AsSpan(1).IndexOf(c) < 0)
            {
                throw new ArgumentException($"Character {NameListError.Describe(c)} of the names is not in the alphabet \"{whole.Alphabet[1..]}\".", nameof(alphabetText));
            }
        }

        var widened = new NameList(names.Text, names.NameStarts, names.NameLengths, whole.Alphabet, names.Errors, names.ErrorCount);
        try
        {
            ModelPlan plan = ModelPlan.Make(widened, smoothing.ToSettings(order), DefaultMaxTableBytes, out NGramCounts? counts);
            return From(LanguageModelData.Build(widened, plan, counts));
        }
        catch (ModelTooLargeException tooLarge)
        {
            throw new ArgumentOutOfRangeException(nameof(text), text.Length, tooLarge.Message);
        }
    }

    /// <summary>
    /// The model a generated class describes (<see cref="ModelRecipe"/>: its plan and its names), laid out by the
    /// code <see cref="FromText"/> runs after tuning, so a generated model and <see cref="FromText"/> of the same
    /// list give the same tables.
    /// </summary>
    /// <exception cref="FormatException">The recipe is not one this library reads.</exception>
    internal static LanguageModel FromRecipe(string recipe)
    {
        ModelPlan plan = ModelRecipe.Read(recipe, out string text);
        NameList names = NameListParser.Parse(text);
        if (!names.IsValid || names.Count == 0)
        {
            throw new FormatException("The model's names are not a valid list: " + names.Describe());
        }

        return From(LanguageModelData.Build(names, plan));
    }

    private static LanguageModel From(LanguageModelData data)
    {
        if (data.Bigram is { } bigram)
        {
            ThrowIfCannotEnd(bigram, "text");
        }

        return new LanguageModel(data.Alphabet, data.Bigram, data.NGram, Smoothing.From(data.Settings), data.Settings.Order, data.Names)
        {
            NameCount = data.NameCount,
            TokenCount = data.TokenCount,
            ShortestName = data.ShortestName,
            LongestName = data.LongestName,
        };
    }

    /// <summary>
    /// Loads a transformer from the bytes of its weights file (what <c>makemore train --model transformer</c> writes),
    /// exactly as the source generator compiles an <c>AdditionalFiles</c> item ending in <c>.weights</c>: the same
    /// calls as every model, the same scores as the trainer's own evaluation.
    /// </summary>
    /// <param name="weights">The file's bytes, checked whole (format, shape, alphabet, checksum, every weight finite) and copied: the span may be reused afterwards.</param>
    /// <param name="names">
    /// The names list the transformer was trained on, one per line, or null. The weights file does not hold the list,
    /// and a transformer has no counts to recover it from, so <see cref="ContainsName"/> and
    /// <see cref="SamplingOptions.Novel"/> know the list's names only when given them here, as the item metadata
    /// <c>MakemoreNames</c> gives them to a compiled transformer (without it, <c>ContainsName</c> is false and Novel
    /// throws, as for a model built from probabilities).
    /// </param>
    /// <returns>The model: its <see cref="Order"/> is the network's context (a name has at most context − 1 characters), its <see cref="Smoothing"/> additive α = 0.</returns>
    /// <exception cref="ArgumentException">
    /// The bytes are not a weights file this library reads (another file, truncated, damaged, of a newer format, an
    /// impossible shape, a weight that is not finite; the message says which and where), or <paramref name="names"/>
    /// is not a valid list or holds a character that is not a symbol of the model.
    /// </exception>
    public static LanguageModel FromWeights(ReadOnlySpan<byte> weights, string? names = null)
    {
        TransformerModel transformer = TransformerModel.Load(weights, nameof(weights));
        NameList? list = names is null ? null : transformer.ReadNames(names, nameof(names));
        return new LanguageModel(transformer.Alphabet, null, null, Smoothing.Additive(0), transformer.Layout.Context, list, transformer)
        {
            NameCount = list?.Count ?? 0,
            TokenCount = list?.TokenCount ?? 0,
            ShortestName = list?.ShortestName ?? 0,
            LongestName = list?.LongestName ?? 0,
        };
    }

    /// <summary>The list's distinct names as a hash set, made on first use (null for a model made from probabilities).</summary>
    internal PackedNames? NameSet =>
        _names is null ? null : Volatile.Read(ref _nameSet) ?? Interlocked.CompareExchange(ref _nameSet, NameSetBuilder.Build(_names), null) ?? _nameSet;

    /// <summary>
    /// A bigram model whose probabilities come from elsewhere, such as a trained network's softmax rows; each row
    /// is renormalised in double before the sampler's tables are built.
    /// </summary>
    /// <param name="alphabet">'.' followed by the symbols, sorted ordinally.</param>
    /// <param name="probabilities">V×V non-negative weights, row-major.</param>
    /// <returns>The model (order 2; its <see cref="Smoothing"/> is additive α = 0, since nothing was added).</returns>
    /// <exception cref="ArgumentException">
    /// The alphabet or the table is malformed, or a symbol reachable from the start can never lead to the end.
    /// </exception>
    public static LanguageModel FromProbabilities(string alphabet, ReadOnlySpan<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        AlphabetValidation.ThrowIfInvalid(alphabet, nameof(alphabet));
        int v = alphabet.Length;
        if (probabilities.Length != v * v)
        {
            throw new ArgumentException($"A {v}-symbol model needs {v * v} probabilities, not {probabilities.Length}.", nameof(probabilities));
        }

        var weights = new double[v * v];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = probabilities[i];
        }

        double[] p = BigramNormalizer.NormalizeRows(weights, v, nameof(probabilities));
        var bigram = new BigramModelData(alphabet, [], p);
        ThrowIfCannotEnd(bigram, nameof(probabilities));
        return new LanguageModel(alphabet, bigram, null, Smoothing.Additive(0), ModelSettings.DefaultOrder);
    }

    /// <inheritdoc cref="ModelTables.Sample(Random)"/>
    public string Sample(Random random) => Tables.Sample(random);

    /// <inheritdoc cref="ModelTables.Sample{TRandom}(ref TRandom)"/>
    public string Sample<TRandom>(ref TRandom random)
        where TRandom : struct, IRandomSource => Tables.Sample(ref random);

    /// <inheritdoc cref="ModelTables.Sample{TRandom}(ref TRandom, Span{char})"/>
    public int Sample<TRandom>(ref TRandom random, Span<char> destination)
        where TRandom : struct, IRandomSource =>
        // One name is the hottest call of every model: straight to the kernel, without making the whole face first.
        _bigram is { } bigram ? BigramSampler.Sample(ref random, bigram.AliasTable, _alphabet, bigram.ShortestSampleLength, destination)
        : _tree is { } tree ? NGramSampler.Sample(ref random, new NGramTable(tree, _asciiIndex), destination)
        : Tables.Sample(ref random, destination);

    /// <inheritdoc cref="ModelTables.SampleLines{TRandom}(ref TRandom, Span{char}, out int, int)"/>
    public int SampleLines<TRandom>(ref TRandom random, Span<char> destination, out int charsWritten, int maxNameLength = ModelTables.DefaultMaxNameLength)
        where TRandom : struct, IRandomSource => Tables.SampleLines(ref random, destination, out charsWritten, maxNameLength);

    /// <inheritdoc cref="ModelTables.SampleLinesParallel(ref Xoshiro256StarStar, Memory{char}, out int, int, int)"/>
    public int SampleLinesParallel(ref Xoshiro256StarStar random, Memory<char> destination, out int charsWritten, int maxNameLength = ModelTables.DefaultMaxNameLength, int maxDegreeOfParallelism = -1) =>
        Tables.SampleLinesParallel(ref random, destination, out charsWritten, maxNameLength, maxDegreeOfParallelism);

    /// <inheritdoc cref="ModelTables.NegativeLogLikelihood(ReadOnlySpan{char})"/>
    public double NegativeLogLikelihood(ReadOnlySpan<char> name) => Tables.NegativeLogLikelihood(name);

    /// <inheritdoc cref="ModelTables.AverageNegativeLogLikelihood(ReadOnlySpan{char})"/>
    public double AverageNegativeLogLikelihood(ReadOnlySpan<char> text) => Tables.AverageNegativeLogLikelihood(text);

    /// <inheritdoc cref="ModelTables.Probability(ReadOnlySpan{char}, char)"/>
    public double Probability(ReadOnlySpan<char> prefix, char next) => Tables.Probability(prefix, next);

    /// <inheritdoc cref="ModelTables.Sample(Random, SamplingOptions)"/>
    public string Sample(Random random, SamplingOptions options) => Tables.Sample(random, options);

    /// <inheritdoc cref="ModelTables.Sample{TRandom}(ref TRandom, SamplingOptions)"/>
    public string Sample<TRandom>(ref TRandom random, SamplingOptions options)
        where TRandom : struct, IRandomSource => Tables.Sample(ref random, options);

    /// <inheritdoc cref="ModelTables.Sample{TRandom}(ref TRandom, Span{char}, SamplingOptions)"/>
    public int Sample<TRandom>(ref TRandom random, Span<char> destination, SamplingOptions options)
        where TRandom : struct, IRandomSource => Tables.Sample(ref random, destination, options);

    /// <inheritdoc cref="ModelTables.SampleUnique(Random, int, SamplingOptions)"/>
    public string[] SampleUnique(Random random, int count, SamplingOptions options) => Tables.SampleUnique(random, count, options);

    /// <inheritdoc cref="ModelTables.SampleUnique{TRandom}(ref TRandom, int, SamplingOptions)"/>
    public string[] SampleUnique<TRandom>(ref TRandom random, int count, SamplingOptions options)
        where TRandom : struct, IRandomSource => Tables.SampleUnique(ref random, count, options);

    /// <inheritdoc cref="ModelTables.Probability(SamplingOptions)"/>
    public double Probability(SamplingOptions options) => Tables.Probability(options);

    /// <inheritdoc cref="ModelTables.ContainsName(ReadOnlySpan{char})"/>
    public bool ContainsName(ReadOnlySpan<char> name) => Tables.ContainsName(name);

    /// <summary>The dense bigram's tables, for what only the lecture's model has (its V×V matrices).</summary>
    /// <exception cref="ArgumentException">The model is a context tree.</exception>
    internal BigramModelData DenseBigram(string parameterName) =>
        _bigram ?? throw new ArgumentException($"This needs the lecture's bigram model (order 2, additive smoothing); this one is order {Order}, {Smoothing} smoothing.", parameterName);

    /// <summary>The lecture's V×V float probabilities P.</summary>
    /// <exception cref="ArgumentException">The model is a context tree.</exception>
    internal float[] DenseBigramProbabilities(string parameterName) => DenseBigram(parameterName).Probabilities;

    /// <summary>
    /// A dense bigram whose realised chain can reach a symbol it never leaves for the end would make the string
    /// sampler run forever: the sampler's own table is judged, not P &gt; 0.
    /// </summary>
    private static void ThrowIfCannotEnd(BigramModelData bigram, string parameterName)
    {
        if (bigram.SymbolThatCannotEnd >= 0)
        {
            throw new ArgumentException(
                BigramChain.CannotEndMessage(bigram.SymbolThatCannotEnd, bigram.Alphabet) + " (The sampler draws from an alias table that realises each probability to within 2^-24; smaller ones may never be drawn.)",
                parameterName);
        }
    }
}
