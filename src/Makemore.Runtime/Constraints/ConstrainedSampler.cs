using System.Globalization;
using System;
using Makemore.NGram;
using Makemore.Symbols;

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
internal sealed partial class ConstrainedSampler : IModelBinding<ConstrainedSampler>
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
                throw ConstraintMessages.NotASymbol(prefix, i, tables.Alphabet, nameof(options));
            }

            int pair = Tempered.Step(node, w, out double p);
            if (p <= 0)
            {
                if (options.Temperature != 1 && NameSupport.DrawablePair(graph.AtTemperature(1), node, w) >= 0)
                {
                    throw ConstraintMessages.Underflow(options.Temperature, $"starts with \"{prefix}\"", nameof(options));
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
                    throw ConstraintMessages.Underflow(options.Temperature, ConstraintMessages.Describe(prefix, min, max) ?? "ends", nameof(options));
                }

                throw new ArgumentException($"No name of this model {ConstraintMessages.Describe(prefix, min, max) ?? "ends"}.", nameof(options));
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
                    $"Almost no name of this model{(ConstraintMessages.Describe(prefix, min, max) is { } which ? " that " + which : string.Empty)} is new: the names of the list take {CopyProbability.ToString("R", CultureInfo.InvariantCulture)} of the probability, leaving {(1 - CopyProbability).ToString("G3", CultureInfo.InvariantCulture)}, below the {SamplingOptions.MinimumAcceptance.ToString(CultureInfo.InvariantCulture)} at which sampling gives up.",
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
}
