using System.Runtime.CompilerServices;
using System;
using Makemore.Bigram;
using Makemore.Constraints;
using Makemore.NGram;
using Makemore.Transformers;
using Makemore.Symbols;

namespace Makemore;

/// <summary>
/// A character-level language model as one value over its tables: the face every model shows, whether its
/// tables were compiled into the assembly by the generator (<c>NameModel.Tables</c>) or built at run time
/// (<see cref="LanguageModel.Tables"/>). Sampling, bulk sampling, scoring and lookups are the same calls on
/// either, so code written against <see cref="ModelTables"/> serves every model.
/// </summary>
/// <remarks>
/// <para>
/// A <c>ref struct</c> because a generated model's tables are constant data in its assembly, reached as
/// spans: nothing is copied or allocated to make one, and it cannot outlive what it points to. To keep a model
/// in a field, across an <c>await</c> or in a lambda, keep the <see cref="LanguageModel"/>, or call the
/// generated class's static members.
/// </para>
/// <para>
/// Symbol 0 is the start and end token (<see cref="End"/> stands for it); a name is drawn symbol by symbol from the start until the model
/// draws the end. Every call that takes text checks each character against <see cref="Alphabet"/> and names
/// the first one that is not in it.
/// </para>
/// </remarks>
public readonly ref struct ModelTables
{
    private readonly ReadOnlySpan<char> _alphabet;
    private readonly ReadOnlySpan<byte> _asciiIndex;
    private readonly int _order;
    private readonly int _shortestSampleLength;

    // The model these tables belong to, which keys the work SamplingOptions keep and holds the list's names.
    private readonly LanguageModel _owner;

    // The lecture's bigram model (order 2, additive smoothing): dense V×V tables and its own exact sampler.
    private readonly ReadOnlySpan<uint> _aliasTable;
    private readonly ReadOnlySpan<double> _logProbabilities;

    // Every other count model: the interpolated context tree; IsTree tells the two apart.
    private readonly NGramTable _tree;

    // A trained transformer (IsTransformer): its weights, read by the inference kernels.
    private readonly TransformerWeights _transformer;
    private readonly bool _isTransformer;

    /// <summary>Wraps a dense bigram model's tables, which the caller has checked belong together.</summary>
    internal ModelTables(
        ReadOnlySpan<char> alphabet,
        ReadOnlySpan<byte> asciiIndex,
        ReadOnlySpan<uint> aliasTable,
        ReadOnlySpan<double> logProbabilities,
        int shortestSampleLength,
        LanguageModel owner)
    {
        _owner = owner;
        _alphabet = alphabet;
        _asciiIndex = asciiIndex;
        _order = 2;
        _aliasTable = aliasTable;
        _logProbabilities = logProbabilities;
        _shortestSampleLength = shortestSampleLength;
    }

    /// <summary>Wraps a context tree (checked by its constructor).</summary>
    internal ModelTables(int order, NGramTable tree, LanguageModel owner)
    {
        _owner = owner;
        _alphabet = tree.Alphabet;
        _asciiIndex = tree.AsciiIndex;
        _order = order;
        _tree = tree;
        _shortestSampleLength = tree.ShortestName;
    }

    /// <summary>Wraps a transformer's weights (checked when its model was loaded) and its alphabet.</summary>
    internal ModelTables(TransformerWeights transformer, ReadOnlySpan<char> alphabet, ReadOnlySpan<byte> asciiIndex, LanguageModel owner)
    {
        _owner = owner;
        _alphabet = alphabet;
        _asciiIndex = asciiIndex;
        _order = transformer.Layout.Context;
        _transformer = transformer;
        _isTransformer = true;
    }

    /// <summary>The longest name <see cref="SampleLines{TRandom}"/> keeps unless told otherwise: far beyond any names list's longest.</summary>
    public const int DefaultMaxNameLength = 64;

    /// <summary>
    /// The symbols by index: at 0 the start/end token's stand-in (see <see cref="End"/>), then every character of the
    /// names, sorted ordinally.
    /// </summary>
    public ReadOnlySpan<char> Alphabet => _alphabet;

    /// <summary>
    /// The character that stands for the start/end token (symbol 0, which is not a character of any name) in
    /// <see cref="Alphabet"/> and <see cref="Probability(ReadOnlySpan{char}, char)"/>: '.', as in the lecture, unless
    /// '.' is a character of the names, then U+0000.
    /// </summary>
    public char End => _alphabet[0];

    /// <summary>The number of symbols V, the start/end token included.</summary>
    public int VocabularySize => _alphabet.Length;

    /// <summary>The model's order n: each symbol is drawn given the n − 1 symbols before it (2: a bigram model; a transformer's context, every symbol of the name so far).</summary>
    public int Order => _order;

    /// <summary>The length of the shortest name the model can produce.</summary>
    public int ShortestSampleLength => _shortestSampleLength;

    /// <summary>Draws one name, of any length.</summary>
    /// <param name="random">The generator to draw from.</param>
    /// <returns>The name, without the start and end tokens (empty when the model may end at once and did).</returns>
    public string Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var source = new SystemRandomSource(random);
        return Sample(ref source);
    }

    /// <summary>Draws one name, of any length, from a random source.</summary>
    /// <typeparam name="TRandom">The random source, a struct so that the call is specialised.</typeparam>
    /// <param name="random">The random source, advanced by the draw.</param>
    /// <returns>The name, without the start and end tokens.</returns>
    public string Sample<TRandom>(ref TRandom random)
        where TRandom : struct, IRandomSource =>
        _isTransformer ? TransformerCalls.SampleString(ref random, _transformer)
        : IsTree ? NGramLines.SampleString(ref random, _tree) : BigramSampler.Sample(ref random, _aliasTable, _alphabet);

    /// <summary>
    /// Writes one name into <paramref name="destination"/> and returns its length, allocating nothing. A name is
    /// never truncated: one that would not fit is drawn again, so the result follows the model conditioned on
    /// length ≤ <c>destination.Length</c> (invisible in practice at 32 characters or more).
    /// </summary>
    /// <typeparam name="TRandom">The random source, a struct so that the call is specialised.</typeparam>
    /// <param name="random">The random source, advanced by the draw.</param>
    /// <param name="destination">Where the name is written.</param>
    /// <returns>The number of characters written.</returns>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="ShortestSampleLength"/>.</exception>
    /// <exception cref="InvalidOperationException">2^28 symbols were drawn without a name that fits the destination: the model's names that short are astronomically rare.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample<TRandom>(ref TRandom random, Span<char> destination)
        where TRandom : struct, IRandomSource =>
        _isTransformer ? TransformerCalls.Sample(ref random, _transformer, destination)
        : IsTree ? NGramSampler.Sample(ref random, _tree, destination) : BigramSampler.Sample(ref random, _aliasTable, _alphabet, _shortestSampleLength, destination);

    /// <summary>
    /// Fills <paramref name="destination"/> with whole names, each followed by '\n', several at a time, allocating
    /// nothing; returns how many were written. Names longer than <paramref name="maxNameLength"/> are drawn
    /// again, and filling stops when fewer than <paramref name="maxNameLength"/> + 1 characters remain.
    /// </summary>
    /// <typeparam name="TRandom">The random source; it seeds the sampler's independent chains.</typeparam>
    /// <param name="random">The random source, advanced by the call.</param>
    /// <param name="destination">Where the names are written, from its start; what follows them is scratch space.</param>
    /// <param name="charsWritten">How many characters were written: the names and their '\n's.</param>
    /// <param name="maxNameLength">The longest name kept.</param>
    /// <returns>The number of names written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNameLength"/> is below <see cref="ShortestSampleLength"/>.</exception>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="maxNameLength"/> + 1: it cannot hold one name and its '\n'.</exception>
    /// <exception cref="InvalidOperationException">Names of at most <paramref name="maxNameLength"/> characters are too rare: more than 2^28 symbols, plus 1,024 for each character kept, went to names too long to keep.</exception>
    public int SampleLines<TRandom>(ref TRandom random, Span<char> destination, out int charsWritten, int maxNameLength = DefaultMaxNameLength)
        where TRandom : struct, IRandomSource =>
        _isTransformer ? TransformerCalls.SampleLines(ref random, _transformer, destination, out charsWritten, maxNameLength)
        : IsTree
            ? NGramLines.SampleLines(ref random, _tree, destination, out charsWritten, maxNameLength)
            : BigramBulkSampler.SampleLines(ref random, _aliasTable, _alphabet, _shortestSampleLength, destination, out charsWritten, maxNameLength);

    /// <summary>
    /// Fills <paramref name="destination"/> with whole names, each followed by '\n', on several threads. The result
    /// depends on the generator, the buffer's length and <paramref name="maxNameLength"/>, not on the number of
    /// threads: the buffer is cut into fixed chunks, each filled from its own jump of <paramref name="random"/>.
    /// </summary>
    /// <param name="random">The generator, advanced by whole jumps.</param>
    /// <param name="destination">Where the names are written, from its start; what follows them is scratch space.</param>
    /// <param name="charsWritten">How many characters were written: the names and their '\n's.</param>
    /// <param name="maxNameLength">The longest name kept.</param>
    /// <param name="maxDegreeOfParallelism">The most threads used; −1 for as many as the scheduler likes.</param>
    /// <returns>The number of names written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNameLength"/> is below <see cref="ShortestSampleLength"/>, or <paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="maxNameLength"/> + 1.</exception>
    /// <exception cref="InvalidOperationException">Names of at most <paramref name="maxNameLength"/> characters are too rare (as <see cref="SampleLines{TRandom}"/>, for a chunk).</exception>
    public int SampleLinesParallel(ref Xoshiro256StarStar random, Memory<char> destination, out int charsWritten, int maxNameLength = DefaultMaxNameLength, int maxDegreeOfParallelism = -1) =>
        _isTransformer ? TransformerCalls.SampleLinesParallel(ref random, _owner.Transformer!, destination, out charsWritten, maxNameLength, maxDegreeOfParallelism)
        : IsTree
            ? NGramLines.SampleLinesParallel(ref random, _tree, destination, out charsWritten, maxNameLength, maxDegreeOfParallelism)
            : BigramBulkSampler.SampleLinesParallel(ref random, _aliasTable, _alphabet, _shortestSampleLength, destination, out charsWritten, maxNameLength, maxDegreeOfParallelism);

    /// <summary>The negative log-likelihood of one name: −Σ ln P over its length + 1 symbols, the end included.</summary>
    /// <param name="name">The name, without start and end tokens.</param>
    /// <returns>The NLL in nats (+∞ when the model gives the name probability 0).</returns>
    /// <exception cref="ArgumentException">A character is not a symbol of the model; the message names it and its index.</exception>
    public double NegativeLogLikelihood(ReadOnlySpan<char> name) =>
        _isTransformer ? TransformerCalls.NegativeLogLikelihood(_transformer, name)
        : IsTree ? NGramLikelihood.NegativeLogLikelihood(_tree, name) : BigramLikelihood.NegativeLogLikelihood(_logProbabilities, _alphabet, _asciiIndex, name);

    /// <summary>
    /// The average negative log-likelihood per symbol over names, one per line, each contributing its length + 1
    /// symbols (its characters and the end): the lecture's loss.
    /// </summary>
    /// <param name="text">Names, one per line (LF, CRLF or CR; surrounding whitespace trimmed, blank lines skipped).</param>
    /// <returns>The total NLL divided by the number of symbols scored.</returns>
    /// <exception cref="ArgumentException">The text holds no name, or a character that is not a symbol of the model; the message names it and its index in <paramref name="text"/>.</exception>
    public double AverageNegativeLogLikelihood(ReadOnlySpan<char> text) =>
        _isTransformer ? TransformerCalls.AverageNegativeLogLikelihood(_transformer, text)
        : IsTree ? NGramLikelihood.AverageNegativeLogLikelihood(_tree, text) : BigramLikelihood.AverageNegativeLogLikelihood(_logProbabilities, _alphabet, _asciiIndex, text);

    /// <summary>The probability that a name which begins with <paramref name="prefix"/> continues with <paramref name="next"/>.</summary>
    /// <param name="prefix">The name so far, without the start token (empty at the start of a name).</param>
    /// <param name="next">The next character, or <see cref="End"/> ('.' unless the names use '.') for the end of the name.</param>
    /// <returns>P(next | prefix) under the model.</returns>
    /// <exception cref="ArgumentException">A character is not a symbol of the model, or <paramref name="prefix"/> contains <see cref="End"/>.</exception>
    public double Probability(ReadOnlySpan<char> prefix, char next) =>
        _isTransformer ? TransformerCalls.Probability(_transformer, prefix, next)
        : IsTree ? NGramLines.Probability(_tree, prefix, next) : Math.Exp(_logProbabilities[Cell(prefix, next)]);

    /// <summary>Draws one name that meets <paramref name="options"/>, from the model conditioned on them.</summary>
    /// <param name="random">The generator to draw from.</param>
    /// <param name="options">The prefix, lengths, novelty and temperature the name must have.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">No name (or almost none: see <see cref="SamplingOptions.MinimumAcceptance"/>) meets the options, or the prefix has a character that is not a symbol; thrown by the first draw with these options.</exception>
    public string Sample(Random random, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(random);
        var source = new SystemRandomSource(random);
        return Sample(ref source, options);
    }

    /// <summary>Draws one name that meets <paramref name="options"/>, from the model conditioned on them.</summary>
    /// <typeparam name="TRandom">The random source, a struct so that the call is specialised.</typeparam>
    /// <param name="random">The random source, advanced by the draw.</param>
    /// <param name="options">The prefix, lengths, novelty and temperature the name must have.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">No name (or almost none) meets the options, or the prefix has a character that is not a symbol.</exception>
    public string Sample<TRandom>(ref TRandom random, SamplingOptions options)
        where TRandom : struct, IRandomSource
    {
        ArgumentNullException.ThrowIfNull(options);
        return _isTransformer ? options.ForTransformer(this).Sample(ref random, this) : options.For(this).Sample(ref random, this);
    }

    /// <summary>
    /// Writes one name that meets <paramref name="options"/> into <paramref name="destination"/> and returns its
    /// length, allocating nothing once the options have served this model. A name that would not fit is drawn
    /// again (as by <see cref="Sample{TRandom}(ref TRandom, Span{char})"/>); give a destination of at least
    /// <see cref="SamplingOptions.MaxLength"/> characters to rule that out.
    /// </summary>
    /// <typeparam name="TRandom">The random source, a struct so that the call is specialised.</typeparam>
    /// <param name="random">The random source, advanced by the draw.</param>
    /// <param name="destination">Where the name is written.</param>
    /// <param name="options">The prefix, lengths, novelty and temperature the name must have.</param>
    /// <returns>The number of characters written.</returns>
    /// <exception cref="ArgumentException">No name (or almost none) meets the options, or the destination is shorter than the prefix or the minimum length.</exception>
    /// <exception cref="InvalidOperationException">2^28 symbols were drawn without a name that fits the destination.</exception>
    public int Sample<TRandom>(ref TRandom random, Span<char> destination, SamplingOptions options)
        where TRandom : struct, IRandomSource
    {
        ArgumentNullException.ThrowIfNull(options);
        return _isTransformer ? options.ForTransformer(this).Sample(ref random, this, destination) : options.For(this).Sample(ref random, this, destination);
    }

    /// <summary>
    /// Draws <paramref name="count"/> different names: each from the model conditioned on <paramref name="options"/>
    /// and on not being one of the names drawn before it (sampling without replacement).
    /// </summary>
    /// <param name="random">The generator to draw from.</param>
    /// <param name="count">How many names.</param>
    /// <param name="options">What every name must meet (<see cref="SamplingOptions.None"/> for nothing).</param>
    /// <returns>The names, in the order drawn.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">No name (or almost none) meets the options, or <paramref name="count"/> is more than the different names the options allow (counted from the model's transitions of positive probability, less the list's names with Novel); the message names both.</exception>
    /// <exception cref="InvalidOperationException">Fewer than <paramref name="count"/> names can be drawn: the ones not drawn yet have a probability below <see cref="SamplingOptions.MinimumAcceptance"/> together.</exception>
    public string[] SampleUnique(Random random, int count, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(random);
        var source = new SystemRandomSource(random);
        return SampleUnique(ref source, count, options);
    }

    /// <summary>Draws <paramref name="count"/> different names (see <see cref="SampleUnique(Random, int, SamplingOptions)"/>).</summary>
    /// <typeparam name="TRandom">The random source, a struct so that the call is specialised.</typeparam>
    /// <param name="random">The random source, advanced by the draws.</param>
    /// <param name="count">How many names.</param>
    /// <param name="options">What every name must meet (<see cref="SamplingOptions.None"/> for nothing).</param>
    /// <returns>The names, in the order drawn.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">No name (or almost none) meets the options, or <paramref name="count"/> is more than the different names the options allow (counted from the model's transitions of positive probability, less the list's names with Novel); the message names both.</exception>
    /// <exception cref="InvalidOperationException">Fewer than <paramref name="count"/> names can be drawn.</exception>
    public string[] SampleUnique<TRandom>(ref TRandom random, int count, SamplingOptions options)
        where TRandom : struct, IRandomSource
    {
        ArgumentNullException.ThrowIfNull(options);
        return _isTransformer ? options.ForTransformer(this).SampleUnique(ref random, this, count) : options.For(this).SampleUnique(ref random, this, count);
    }

    /// <summary>
    /// The probability that one unconstrained draw at the options' temperature meets the options' prefix, lengths
    /// and novelty: the share of draws the options keep.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>A probability from 0 to 1.</returns>
    /// <exception cref="ArgumentException">No name (or almost none) meets the options.</exception>
    /// <exception cref="NotSupportedException">
    /// A transformer's options bound the lengths so that their probability is a sum over more than 2^16 names (a
    /// transformer has no table of lengths: the sum runs over every name the bounds need, one pass through the network
    /// each); the message names the bound.
    /// </exception>
    public double Probability(SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _isTransformer ? options.ForTransformer(this).Probability(this) : options.For(this).Probability;
    }

    /// <summary>Whether <paramref name="name"/> is one of the names the model was built from.</summary>
    /// <param name="name">The name, without start and end tokens.</param>
    /// <returns>True when the list holds it (false for any name of a model made from probabilities).</returns>
    public bool ContainsName(ReadOnlySpan<char> name) => Names.Contains(name, _alphabet, _asciiIndex);

    /// <summary>Whether the model is a trained transformer rather than count tables.</summary>
    internal bool IsTransformer => _isTransformer;

    /// <summary>The transformer's weights (empty for count tables).</summary>
    internal TransformerWeights Transformer => _transformer;

    /// <summary>Whether the model is a context tree rather than the dense bigram tables.</summary>
    internal bool IsTree => _tree.Tables is not null;

    /// <summary>The context tree (empty for a dense bigram).</summary>
    internal NGramTable Tree => _tree;

    /// <summary>The dense bigram's alias table (empty for a tree).</summary>
    internal ReadOnlySpan<uint> AliasTable => _aliasTable;

    /// <summary>The dense bigram's ln P (empty for a tree).</summary>
    internal ReadOnlySpan<double> LogProbabilities => _logProbabilities;

    /// <summary>The ASCII index of the alphabet.</summary>
    internal ReadOnlySpan<byte> AsciiIndex => _asciiIndex;

    /// <summary>The list's distinct names.</summary>
    internal NameSet Names => new(_owner.NameSet);

    /// <summary>The model these tables belong to.</summary>
    internal LanguageModel Owner => _owner;

    private int Cell(ReadOnlySpan<char> prefix, char next)
    {
        // Every character of the prefix must be a symbol, though only the last is the bigram's context.
        int previous = 0;
        foreach (char c in prefix)
        {
            previous = SymbolLookup.IndexOf(_alphabet, _asciiIndex, c);
            if (previous <= 0)
            {
                SymbolLookup.ThrowNotInPrefix(c, prefix, _alphabet);
            }
        }

        return (previous * _alphabet.Length) + SymbolLookup.IndexOfSymbol(_alphabet, _asciiIndex, next, nameof(next));
    }
}
