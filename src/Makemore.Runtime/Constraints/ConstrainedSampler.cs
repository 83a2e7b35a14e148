using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System;
using Makemore.Modeling.Parsing;
using Makemore.NGram;
using Makemore.Sampling;

namespace Makemore.Constraints;

/// <summary>
/// <see cref="SamplingOptions"/> bound to one model: everything a draw needs that can be worked out once — the
/// context after the prefix, the tempered model, the length table, the probability of the names the options
/// allow and of the list's names among them — so that each draw allocates nothing and a set of options that no
/// name (or almost none) meets fails here, at once.
/// </summary>
/// <remarks>
/// <para>Which method serves which option, all exact:</para>
/// <list type="bullet">
/// <item><b>Prefix</b>: by construction. A name that starts with the prefix has the prefix's probability times that
/// of its rest, so drawing the rest from the context after the prefix is the model conditioned on the prefix.</item>
/// <item><b>Temperature</b>: by construction, each context's tempered distribution (<see cref="TemperedGraph"/>).</item>
/// <item><b>Lengths</b>: by the dynamic program over (context, length) of <see cref="LengthTable"/>, without rejection,
/// however unlikely the lengths are.</item>
/// <item><b>Novel</b> and unique batches: by rejection, which is exact, with the acceptance computed beforehand from
/// the probabilities of the list's names (and of the names already drawn): below
/// <see cref="SamplingOptions.MinimumAcceptance"/> the call throws instead of spinning.</item>
/// </list>
/// <para>
/// With neither a temperature nor a length bound the draws go through the model's own samplers (the alias tables,
/// from the context after the prefix); with a temperature alone, through the tempered model's alias tables
/// (<see cref="TemperedAliasTables"/>); with a length bound, through <see cref="ConditionedDraw"/> over the tempered
/// graph and the length table.
/// </para>
/// </remarks>
internal sealed class ConstrainedSampler
{
    private readonly ushort[] _prefixSymbols;
    private readonly NameKeys? _listed;
    private readonly TemperedAliasTables? _temperedTables;
    private readonly ulong _startHandle;
    private readonly int _startSymbol;
    private double _support = double.NaN;

    private ConstrainedSampler(object owner, SamplingOptions options, scoped in ModelTables tables)
    {
        Owner = owner;
        Options = options;
        string prefix = options.Prefix;
        int min = options.MinLength;
        int max = options.MaxLength;
        options.ThrowIfContradictory();

        ContextGraph graph = ContextGraph.Of(tables, owner);
        Tempered = graph.AtTemperature(options.Temperature);

        // The prefix: each character a symbol, each step possible.
        _prefixSymbols = new ushort[prefix.Length];
        int node = graph.StartNode;
        double prefixProbability = 1;
        for (int i = 0; i < prefix.Length; i++)
        {
            int w = SymbolLookup.IndexOf(tables.Alphabet, tables.AsciiIndex, prefix[i]);
            if (w <= 0)
            {
                throw new ArgumentException(
                    $"The prefix \"{prefix}\" has {Modeling.Parsing.NameListError.Describe(prefix[i])} at index {i}, which is not a character of the model's names ({SymbolLookup.Characters(tables.Alphabet)}).",
                    nameof(options));
            }

            int pair = Tempered.Step(node, w, out double p);
            if (p <= 0)
            {
                if (options.Temperature != 1 && NameSupport.DrawablePair(graph.AtTemperature(1), node, w) >= 0)
                {
                    throw Underflow(options.Temperature, $"starts with \"{prefix}\"", nameof(options));
                }

                throw new ArgumentException($"No name of this model starts with \"{prefix}\": '{prefix[i]}' never follows \"{prefix[..i]}\".", nameof(options));
            }

            _prefixSymbols[i] = (ushort)w;
            prefixProbability *= p;
            node = graph.PairNext[pair];
        }

        StartNode = node;
        PrefixProbability = prefixProbability;

        // The lengths: a table only when they constrain anything after the prefix.
        if (max != int.MaxValue || min > prefix.Length)
        {
            long entries = LengthTable.Entries(graph.NodeCount, prefix.Length, min, max);
            if (entries > LengthTable.MaxEntries)
            {
                // Without a maximum the table runs up to the minimum: it is the minimum that is too long.
                string lengths = max == int.MaxValue ? $"A minimum length of {min} needs" : $"Lengths up to {max} need";
                string fix = max == int.MaxValue ? "a shorter minimum length" : "a shorter maximum length";
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{lengths} a table of {entries:N0} entries for this model's {graph.NodeCount:N0} contexts, more than the {LengthTable.MaxEntries:N0} allowed; ask for {fix}."),
                    nameof(options));
            }

            Lengths = new LengthTable(Tempered, prefix.Length, min, max);
            LengthProbability = Lengths.Value(StartNode, prefix.Length);
            if (!(LengthProbability > 0))
            {
                // At a low temperature every name that meets the lengths may have a tempered probability below the
                // smallest double: the model has such names, but not in a form this sampler can weigh.
                if (options.Temperature != 1 && NameSupport.Count(graph.AtTemperature(1), StartNode, prefix.Length, min, max) > 0)
                {
                    throw Underflow(options.Temperature, Describe(prefix, min, max) ?? "ends", nameof(options));
                }

                throw new ArgumentException($"No name of this model {Describe(prefix, min, max) ?? "ends"}.", nameof(options));
            }
        }
        else
        {
            LengthProbability = 1;
        }

        // Novel: the share of the allowed names that are the list's own.
        NameSet names = tables.Names;
        if (options.Novel)
        {
            if (!names.IsAvailable)
            {
                throw new ArgumentException("This model was not built from a names list, so it cannot tell which names are new.", nameof(options));
            }

            double copies = 0;
            foreach (ReadOnlySpan<ushort> name in names)
            {
                copies += ConditionalProbability(name);
            }

            CopyProbability = Math.Min(1, copies);
            if (1 - CopyProbability < SamplingOptions.MinimumAcceptance)
            {
                throw new ArgumentException(
                    $"Almost no name of this model{(Describe(prefix, min, max) is { } which ? " that " + which : string.Empty)} is new: the names of the list take {CopyProbability.ToString("R", CultureInfo.InvariantCulture)} of the probability, leaving {(1 - CopyProbability).ToString("G3", CultureInfo.InvariantCulture)}, below the {SamplingOptions.MinimumAcceptance.ToString(CultureInfo.InvariantCulture)} at which sampling gives up.",
                    nameof(options));
            }

            _listed = NameKeys.Of(tables, owner);
        }

        UsesModelSampler = options.Temperature == 1 && Lengths is null;
        if (!UsesModelSampler && Lengths is null)
        {
            _temperedTables = new TemperedAliasTables(Tempered);
        }

        if (UsesModelSampler)
        {
            if (tables.IsTree)
            {
                NGramTable tree = tables.Tree;
                _startHandle = tree.StartHandle;
                foreach (ushort w in _prefixSymbols)
                {
                    NGramLikelihood.Score(tree, _startHandle, w, out _startHandle);
                }
            }
            else
            {
                _startSymbol = _prefixSymbols.Length == 0 ? 0 : _prefixSymbols[^1];
            }
        }
    }

    /// <summary>The model the sampler serves (its generated class, or its <see cref="LanguageModel"/>).</summary>
    public object Owner { get; }

    public SamplingOptions Options { get; }

    public TemperedGraph Tempered { get; }

    /// <summary>The length table, or null when the lengths constrain nothing after the prefix.</summary>
    public LengthTable? Lengths { get; }

    /// <summary>The context after the prefix.</summary>
    public int StartNode { get; }

    /// <summary>Whether draws go through the model's own alias tables (temperature 1, no length table).</summary>
    public bool UsesModelSampler { get; }

    /// <summary>The tempered probability that a name starts with the prefix.</summary>
    public double PrefixProbability { get; }

    /// <summary>The probability that a name with the prefix has an allowed length.</summary>
    public double LengthProbability { get; }

    /// <summary>The probability that a name with the prefix and an allowed length is in the list (0 unless novel).</summary>
    public double CopyProbability { get; }

    /// <summary>The probability that a draw of the tempered model meets every option.</summary>
    public double Probability => PrefixProbability * LengthProbability * (1 - CopyProbability);

    /// <summary>Binds the options to a model.</summary>
    public static ConstrainedSampler Create(SamplingOptions options, scoped in ModelTables tables, object owner) =>
        new(owner, options, tables);

    /// <summary>
    /// P(name | prefix, lengths) under the tempered model, for a name given as symbols: 0 when it does not start
    /// with the prefix or has a length the options exclude.
    /// </summary>
    public double ConditionalProbability(ReadOnlySpan<ushort> symbols)
    {
        if (!symbols.StartsWith(_prefixSymbols) || symbols.Length < Options.MinLength || symbols.Length > Options.MaxLength)
        {
            return 0;
        }

        double p = 1;
        int node = StartNode;
        for (int i = _prefixSymbols.Length; i <= symbols.Length && p > 0; i++)
        {
            int pair = Tempered.Step(node, i < symbols.Length ? symbols[i] : 0, out double step);
            p *= step;
            node = pair >= 0 ? Tempered.Graph.PairNext[pair] : 0;
        }

        return p / LengthProbability;
    }

    /// <summary>The same for a name given as characters (0 when one is not a symbol).</summary>
    public double ConditionalProbability(string name, scoped in ModelTables tables)
    {
        var symbols = new ushort[name.Length];
        for (int i = 0; i < name.Length; i++)
        {
            int w = SymbolLookup.IndexOf(tables.Alphabet, tables.AsciiIndex, name[i]);
            if (w <= 0)
            {
                return 0;
            }

            symbols[i] = (ushort)w;
        }

        return ConditionalProbability(symbols);
    }

    /// <summary>One name into <paramref name="destination"/>; its length.</summary>
    public int Sample<TRandom>(ref TRandom random, scoped in ModelTables tables, Span<char> destination)
        where TRandom : struct, IRandomSource
    {
        int shortest = Math.Max(Options.Prefix.Length, Math.Min(Options.MinLength, Options.MaxLength));
        if (destination.Length < shortest)
        {
            ThrowDestinationTooShort(destination.Length, shortest, nameof(destination));
        }

        Options.Prefix.AsSpan().CopyTo(destination);
        long drawn = 0;
        while (true)
        {
            int length = DrawRest(ref random, tables, destination, ref drawn);
            if (length >= 0 && !(_listed is { } listed && listed.Contains(destination[..length], tables)))
            {
                return length;
            }

            if (drawn > SpanSampling.MaxSymbols)
            {
                ThrowNoNameFits(SpanSampling.MaxSymbols, destination.Length);
            }
        }
    }

    // The messages are built out of line: their string handlers' locals would otherwise be zeroed on every draw.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDestinationTooShort(int length, int shortest, string parameterName) =>
        throw new ArgumentException($"The destination holds {length} characters but these options need at least {shortest}.", parameterName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNoNameFits(long cap, int length) =>
        throw new InvalidOperationException(
            $"{cap:N0} symbols were drawn without a name that fits in {length} characters and meets the options: give a longer destination or a maximum length.");

    /// <summary>One name as a string.</summary>
    public string Sample<TRandom>(ref TRandom random, scoped in ModelTables tables)
        where TRandom : struct, IRandomSource
    {
        // One stack buffer for every attempt: a stackalloc inside the loop would take another 128 bytes of stack
        // for each rejected name, and an acceptance near MinimumAcceptance rejects a million.
        Span<char> buffer = stackalloc char[64];
        while (true)
        {
            var name = new GrowingName(buffer);
            foreach (char c in Options.Prefix)
            {
                name.Append(c);
            }

            DrawRest(ref random, tables, ref name);
            if (_listed is { } listed && listed.Contains(name.Written, tables))
            {
                name.ToStringAndReturn();
                continue;
            }

            return name.ToStringAndReturn();
        }
    }

    /// <summary>
    /// <paramref name="count"/> different names, each drawn from the options' distribution without the names drawn
    /// before it (sampling without replacement, by rejection). Throws once the names not yet drawn have a
    /// probability below <see cref="SamplingOptions.MinimumAcceptance"/> together.
    /// </summary>
    public string[] SampleUnique<TRandom>(ref TRandom random, scoped in ModelTables tables, int count)
        where TRandom : struct, IRandomSource
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > 1 && Support(tables) is var support && count > support)
        {
            var conditions = new List<string>(2);
            if (Describe(Options.Prefix, Options.MinLength, Options.MaxLength) is { } which)
            {
                conditions.Add(which);
            }

            if (Options.Novel)
            {
                conditions.Add("is not in the list");
            }

            string meeting = conditions.Count == 0 ? string.Empty : " that meet the options: each " + string.Join(" and ", conditions);
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{count} different names were asked for, but this model has only {support} {(support == 1 ? "name" : "names")}{meeting}; ask for at most {support}."),
                nameof(count));
        }

        var result = new string[count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        double remaining = 1 - CopyProbability;
        for (int k = 0; k < count; k++)
        {
            if (remaining < SamplingOptions.MinimumAcceptance)
            {
                throw new InvalidOperationException(
                    $"Only {k} different names could be drawn of the {count} asked for: the names these options allow that were not drawn yet have a probability of {Math.Max(0, remaining).ToString("G3", CultureInfo.InvariantCulture)} together, below the {SamplingOptions.MinimumAcceptance.ToString(CultureInfo.InvariantCulture)} at which sampling gives up.");
            }

            // A new name comes with probability `remaining` per draw, so 1000 / remaining draws all fail with
            // probability below e^-1000: past that, the model and its sampler disagree, and saying so beats spinning.
            double attempts = 1000 / remaining;
            string name;
            do
            {
                name = Sample(ref random, tables);
                if (--attempts < 0)
                {
                    throw new InvalidOperationException($"No new name came in {1000 / remaining:G3} draws, although the names not drawn yet have a probability of {remaining.ToString("G3", CultureInfo.InvariantCulture)} together.");
                }
            }
            while (!seen.Add(name));

            result[k] = name;
            remaining -= ConditionalProbability(name, tables);
        }

        return result;
    }

    /// <summary>
    /// The number of different names these options allow (<see cref="NameSupport"/>), less, with Novel, the list's
    /// names among them; +∞ when there are infinitely many or too many to count. Counted once, on first use.
    /// </summary>
    public double Support(scoped in ModelTables tables)
    {
        if (!double.IsNaN(_support))
        {
            return _support;
        }

        double support = NameSupport.Count(Tempered, StartNode, _prefixSymbols.Length, Options.MinLength, Options.MaxLength);
        if (_listed is not null && double.IsFinite(support))
        {
            foreach (ReadOnlySpan<ushort> name in tables.Names)
            {
                if (CanDraw(name))
                {
                    support--;
                }
            }
        }

        _support = support;
        return support;
    }

    /// <summary>Whether the options allow the name (given as symbols) and the tempered model can draw it.</summary>
    private bool CanDraw(ReadOnlySpan<ushort> symbols)
    {
        if (!symbols.StartsWith(_prefixSymbols) || symbols.Length < Options.MinLength || symbols.Length > Options.MaxLength)
        {
            return false;
        }

        int node = StartNode;
        for (int i = _prefixSymbols.Length; i <= symbols.Length; i++)
        {
            int pair = NameSupport.DrawablePair(Tempered, node, i < symbols.Length ? symbols[i] : 0);
            if (pair < 0)
            {
                return false;
            }

            node = Tempered.Graph.PairNext[pair];
        }

        return true;
    }

    /// <summary>Draws after the prefix into the span; −1 when the name outgrew it.</summary>
    private int DrawRest<TRandom>(ref TRandom random, scoped in ModelTables tables, Span<char> destination, ref long drawn)
        where TRandom : struct, IRandomSource
    {
        ReadOnlySpan<char> alphabet = tables.Alphabet;
        int length = _prefixSymbols.Length;
        if (UsesModelSampler && tables.IsTree)
        {
            // The tree's own whole-name loop: a name that outgrows the span is drawn again inside it.
            int written = NGramSampler.SampleFrom(ref random, tables.Tree, _startHandle, destination[length..]);
            drawn += written + 1;
            return length + written;
        }

        if (UsesModelSampler)
        {
            ReadOnlySpan<uint> aliasTable = tables.AliasTable;
            int v = alphabet.Length;
            int previous = _startSymbol;
            while (true)
            {
                previous = BigramSampler.NextSymbol(ref random, aliasTable, v, previous);
                drawn++;
                if (previous == 0)
                {
                    return length;
                }

                if (length == destination.Length)
                {
                    return -1;
                }

                destination[length++] = alphabet[previous];
            }
        }

        int context = StartNode;
        while (true)
        {
            int pair = NextPair(ref random, context, length);
            drawn++;
            int symbol = Tempered.Graph.PairSymbol[pair];
            if (symbol == 0)
            {
                return length;
            }

            if (length == destination.Length)
            {
                return -1;
            }

            destination[length++] = alphabet[symbol];
            context = Tempered.Graph.PairNext[pair];
        }
    }

    /// <summary>Draws after the prefix into a growing name.</summary>
    private void DrawRest<TRandom>(ref TRandom random, scoped in ModelTables tables, ref GrowingName name)
        where TRandom : struct, IRandomSource
    {
        ReadOnlySpan<char> alphabet = tables.Alphabet;
        if (UsesModelSampler && tables.IsTree)
        {
            NGramTable tree = tables.Tree;
            ulong node = _startHandle;
            for (int w = NGramSampler.NextSymbol(ref random, tree, node, out node); w != 0; w = NGramSampler.NextSymbol(ref random, tree, node, out node))
            {
                name.Append(alphabet[w]);
            }

            return;
        }

        if (UsesModelSampler)
        {
            ReadOnlySpan<uint> aliasTable = tables.AliasTable;
            for (int w = BigramSampler.NextSymbol(ref random, aliasTable, alphabet.Length, _startSymbol); w != 0; w = BigramSampler.NextSymbol(ref random, aliasTable, alphabet.Length, w))
            {
                name.Append(alphabet[w]);
            }

            return;
        }

        int context = StartNode;
        int length = _prefixSymbols.Length;
        while (true)
        {
            int pair = NextPair(ref random, context, length);
            int symbol = Tempered.Graph.PairSymbol[pair];
            if (symbol == 0)
            {
                return;
            }

            name.Append(alphabet[symbol]);
            length++;
            context = Tempered.Graph.PairNext[pair];
        }
    }

    /// <summary>The next pair of a draw through the tempered model: by its alias tables, or by the length table's weights.</summary>
    private int NextPair<TRandom>(ref TRandom random, int context, int length)
        where TRandom : struct, IRandomSource =>
        _temperedTables is { } tables ? tables.Next(ref random, context) : ConditionedDraw.Next(ref random, Tempered, Lengths, context, length);

    private static ArgumentException Underflow(double temperature, string predicate, string options) =>
        new(
            string.Create(
                CultureInfo.InvariantCulture,
                $"At temperature {temperature:R} every name of this model that {predicate} has a probability that underflows to 0 in double precision (each step's probability is raised to the power 1/T = {1 / temperature:G3}), so none can be drawn, although at temperature 1 such names exist; use a higher temperature."),
            options);

    /// <summary>What the options ask of a name, as a predicate ("has exactly 2 characters"), or null when they ask nothing.</summary>
    private static string? Describe(string prefix, int min, int max)
    {
        // A minimum the prefix already meets asks nothing.
        string? lengths = max == int.MaxValue ? (min > prefix.Length ? $"has at least {min} characters" : null)
            : min == max ? $"has exactly {min} characters"
            : min == 0 ? $"has at most {max} characters"
            : $"has from {min} to {max} characters";
        return prefix.Length == 0 ? lengths
            : lengths is null ? $"starts with \"{prefix}\""
            : $"starts with \"{prefix}\" and {lengths}";
    }
}
