using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading;
using Makemore.Constraints;
using Makemore.Sampling;

namespace Makemore.Transformers;

/// <summary>
/// <see cref="SamplingOptions"/> bound to a transformer: the prefix's symbols and probability, and with Novel the
/// probability of the list's names, worked out once, so that each draw allocates nothing and options that no name
/// meets fail at once.
/// </summary>
/// <remarks>
/// <para>Which method serves which option, all exact:</para>
/// <list type="bullet">
/// <item><b>Prefix</b>: by construction. The prefix is fed through the network (its keys and values cached) and the
/// rest drawn from the softmax after it: the model conditioned on the prefix.</item>
/// <item><b>Temperature</b>: by construction, each step's softmax(logits / T).</item>
/// <item><b>Lengths</b>, <b>Novel</b> and unique batches: by rejection. A transformer's state is its whole name so far,
/// so there is no table over (context, length) as for the count models: a name of a length the options exclude is
/// drawn again. The options fail at once when no name can meet them (a length beyond the network's context, a prefix
/// longer than the maximum) or, with Novel, when the list's names take all but <see cref="SamplingOptions.MinimumAcceptance"/>
/// of the probability after the prefix, or leave less than that of the allowed lengths' (when a walk of at most
/// <see cref="MaxCheckPasses"/> passes gives their mass); lengths whose names are merely rare are drawn for until
/// <see cref="MaxSymbols"/> symbols have been spent, then the draw throws.</item>
/// </list>
/// <para><see cref="Probability"/> with lengths is exact too, by enumeration: the mass of the allowed lengths is summed
/// over every name the bounds need, when that takes at most <see cref="MaxProbabilityPasses"/> passes.</para>
/// </remarks>
internal sealed class TransformerConditions : IModelBinding<TransformerConditions>
{
    /// <summary>
    /// Symbols a draw under length options may spend before it gives up. A transformer's step costs tens of
    /// microseconds, so the count models' <see cref="SpanSampling.MaxSymbols"/> would be more than an hour; 2^20 is
    /// seconds, and gives up on lengths that about one name in 10^5 meets.
    /// </summary>
    internal const long MaxSymbols = 1 << 20;

    /// <summary>
    /// Passes through the network <see cref="Probability"/> makes at most to sum the mass of the allowed lengths:
    /// seconds for a model the size of makemore.py's (every name of up to three letters past the prefix, for 26
    /// letters, is 18,279 passes).
    /// </summary>
    internal const int MaxProbabilityPasses = 1 << 16;

    /// <summary>
    /// The most passes binding <c>Novel</c> with lengths spends on the lengths' mass to fail at once (a fraction of
    /// what weighing the list's names costs); a longer walk is left to the rejection fuse.
    /// </summary>
    private const int MaxCheckPasses = 1 << 12;

    private readonly int[] _prefixSymbols;
    private readonly bool _constrainsLengths;
    private readonly bool _novel;
    private double _support = double.NaN;
    private double _lengthProbability = double.NaN;

    private TransformerConditions(object owner, SamplingOptions options, scoped in ModelTables tables)
    {
        Owner = owner;
        Options = options;
        TransformerWeights w = tables.Transformer;
        string prefix = options.Prefix;
        int min = options.MinLength;
        int max = options.MaxLength;
        int longest = w.LongestName;
        options.ThrowIfContradictory();

        _prefixSymbols = new int[prefix.Length];
        for (int i = 0; i < prefix.Length; i++)
        {
            int symbol = w.IndexOf(prefix[i]);
            if (symbol <= 0)
            {
                throw ConstraintMessages.NotASymbol(prefix, i, tables.Alphabet, nameof(options));
            }

            _prefixSymbols[i] = symbol;
        }

        if (prefix.Length > longest || min > longest)
        {
            string what = prefix.Length > longest ? $"starts with \"{prefix}\"" : $"has at least {min} characters";
            throw new ArgumentException($"No name of this model {what}: a name of this transformer has at most {longest} characters (its context less one).", nameof(options));
        }

        PrefixProbability = Math.Exp(-RestNegativeLogProbability(w, ReadOnlySpan<int>.Empty, _prefixSymbols, endsAfter: false));
        if (!(PrefixProbability > 0))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"At temperature {options.Temperature:R} the probability that a name starts with \"{prefix}\" underflows to 0 in double precision, so no such name can be drawn; use a higher temperature."),
                nameof(options));
        }

        _constrainsLengths = max < longest || min > prefix.Length;
        _novel = options.Novel;
        if (_novel)
        {
            NameSet names = tables.Names;
            if (!names.IsAvailable)
            {
                throw new ArgumentException("This model was not built from a names list, so it cannot tell which names are new: load it with its names (LanguageModel.FromWeights(weights, names), or MakemoreNames on its AdditionalFiles item).", nameof(options));
            }

            CopyProbability = Math.Min(1, TransformerListedMass.Of(tables.Owner.Transformer!, names, _prefixSymbols, min, max, options.Temperature));
            if (1 - CopyProbability < SamplingOptions.MinimumAcceptance)
            {
                throw new ArgumentException(
                    $"Almost no name of this model{(prefix.Length > 0 ? $" that starts with \"{prefix}\"" : string.Empty)} is new: the names of the list take {CopyProbability.ToString("R", CultureInfo.InvariantCulture)} of the probability, leaving {(1 - CopyProbability).ToString("G3", CultureInfo.InvariantCulture)}, below the {SamplingOptions.MinimumAcceptance.ToString(CultureInfo.InvariantCulture)} at which sampling gives up.",
                    nameof(options));
            }

            // With bounded lengths, a draw is kept with P(an allowed length) − the list's share, which can be nothing
            // though the share alone leaves plenty (a prefix that is a listed name, and exactly its length). The
            // lengths' mass is worked out here when a short walk gives it; beyond that the rejection fuse stops a draw.
            if (_constrainsLengths && LengthWalk(w, out _, out _) <= MaxCheckPasses)
            {
                double lengths = LengthProbability(tables);
                if (lengths - CopyProbability < SamplingOptions.MinimumAcceptance)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Almost no name of this model{(prefix.Length > 0 ? $" that starts with \"{prefix}\"" : string.Empty)} with {min} to {Math.Min(max, longest)} characters is new: those lengths take {lengths:R} of the probability and the list's names of those lengths {CopyProbability:R} of it, leaving {Math.Max(0, lengths - CopyProbability):G3}, below the {SamplingOptions.MinimumAcceptance} at which sampling gives up."),
                        nameof(options));
                }
            }
        }
    }

    /// <summary>The model the options are bound to.</summary>
    public object Owner { get; }

    public SamplingOptions Options { get; }

    /// <summary>The tempered probability that a name starts with the prefix.</summary>
    public double PrefixProbability { get; }

    /// <summary>With Novel, the probability that a name with the prefix and an allowed length is one of the list's, given the prefix.</summary>
    public double CopyProbability { get; }

    /// <summary>Binds the options to a transformer.</summary>
    public static TransformerConditions Create(SamplingOptions options, scoped in ModelTables tables, object owner) => new(owner, options, tables);

    /// <summary>
    /// The probability that one draw at the options' temperature meets them: P(prefix) × (P(an allowed length |
    /// prefix) − P(a name of the list with an allowed length | prefix)). The lengths' mass is summed exactly over every
    /// name the bounds need (<see cref="LengthProbability"/>), once, on the first call.
    /// </summary>
    /// <exception cref="NotSupportedException">The lengths' mass needs more than <see cref="MaxProbabilityPasses"/> passes through the network.</exception>
    public double Probability(scoped in ModelTables tables) =>
        PrefixProbability * Math.Max(0, LengthProbability(tables) - CopyProbability);

    /// <summary>
    /// P(an allowed length | prefix) at the options' temperature, exactly: 1 without bounds; otherwise the tempered
    /// probability that the name ends at each length from the prefix's up to the deepest the bounds need (MaxLength when
    /// it bounds, else MinLength − 1), summed over every continuation of the prefix up to that length, one pass through
    /// the network for each (a depth-first walk, so that each pass reuses the cached keys and values of the ones before it).
    /// </summary>
    /// <exception cref="NotSupportedException">That walk needs more than <see cref="MaxProbabilityPasses"/> passes; the message names the option and the count.</exception>
    public double LengthProbability(scoped in ModelTables tables)
    {
        if (!_constrainsLengths)
        {
            return 1;
        }

        double known = Volatile.Read(ref _lengthProbability);
        if (!double.IsNaN(known))
        {
            return known;
        }

        TransformerWeights w = tables.Transformer;
        int prefixLength = _prefixSymbols.Length;
        double passes = LengthWalk(w, out bool maxBounds, out int depth);
        if (passes > MaxProbabilityPasses)
        {
            string option = maxBounds ? $"MaxLength = {Options.MaxLength}" : $"MinLength = {Options.MinLength}";
            string which = maxBounds ? $"of at most {Options.MaxLength}" : $"shorter than {Options.MinLength}";
            throw new NotSupportedException(string.Create(
                CultureInfo.InvariantCulture,
                $"Probability(options) with {option} is not available for this transformer: its state is its whole name, so the probability of the names {which} characters{(prefixLength > 0 ? $" that start with \"{Options.Prefix}\"" : string.Empty)} is the sum over every one of them, {passes:N0} passes through the network, more than the {MaxProbabilityPasses:N0} this call makes. A longer prefix or a bound closer to the prefix's length makes it exact and quick; sampling with the options works whatever they are."));
        }

        double result = depth < prefixLength ? 0 : SumEndings(w, depth, maxBounds);
        result = Math.Min(1, Math.Max(0, result));
        Volatile.Write(ref _lengthProbability, result);
        return result;
    }

    /// <summary>
    /// The walk <see cref="LengthProbability"/> makes for these options: whether MaxLength bounds it, the depth it goes
    /// to (MaxLength, else MinLength − 1), and the passes it takes.
    /// </summary>
    private double LengthWalk(in TransformerWeights w, out bool maxBounds, out int depth)
    {
        maxBounds = Options.MaxLength < w.LongestName;
        depth = maxBounds ? Options.MaxLength : Options.MinLength - 1;
        return EnumerationPasses(w.Layout.Vocabulary - 1, depth - _prefixSymbols.Length);
    }

    /// <summary>Σ_{k=0}^{levels} characters^k: the passes a walk <paramref name="levels"/> characters past the prefix makes.</summary>
    private static double EnumerationPasses(int characters, int levels)
    {
        double passes = 0;
        double level = 1;
        for (int k = 0; k <= levels; k++)
        {
            passes += level;
            level *= characters;
        }

        return passes;
    }

    /// <summary>
    /// Walks every continuation of the prefix up to <paramref name="depth"/> characters depth first, one pass through
    /// the network each (the cache holds the path's positions, so a pass reuses the ones before it), adding up the
    /// tempered probability of ending at each length: with <paramref name="maxBounds"/> the mass of the lengths from
    /// MinLength to the depth, else 1 less the mass below MinLength (the depth is MinLength − 1).
    /// </summary>
    private double SumEndings(in TransformerWeights w, int depth, bool maxBounds)
    {
        int v = w.Layout.Vocabulary;
        int first = _prefixSymbols.Length;
        int levels = depth - first + 1;
        Span<float> workspace = TransformerCalls.Workspace(w);
        Span<int> one = stackalloc int[2];
        var path = new int[depth + 1];
        var next = new int[depth + 1];
        var weights = new double[depth + 2];
        var endings = new double[depth + 1];

        // Each level keeps its softmax in a row of its own, since the levels below overwrite the workspace.
        var rows = new double[levels * v];
        for (int position = 0; position < first; position++)
        {
            TransformerInference.StepOne(w, workspace, position == 0 ? 0 : _prefixSymbols[position - 1], position, one);
            path[position] = _prefixSymbols[position];
        }

        weights[first] = 1;
        int length = first;
        bool entering = true;
        while (length >= first)
        {
            if (entering)
            {
                entering = false;
                if (length >= w.LongestName)
                {
                    // After context − 1 characters the end is certain.
                    endings[length] += weights[length];
                    length--;
                    continue;
                }

                TransformerInference.StepOne(w, workspace, length == 0 ? 0 : path[length - 1], length, one);
                Span<double> row = rows.AsSpan((length - first) * v, v);
                SymbolSoftmax.Probabilities(TransformerInference.Logits(w, workspace, 1, 0), Options.Temperature, row);
                endings[length] += weights[length] * row[0];
                next[length] = length == depth ? v : 1;
            }

            if (next[length] < v)
            {
                int symbol = next[length]++;
                path[length] = symbol;
                weights[length + 1] = weights[length] * rows[((length - first) * v) + symbol];
                length++;
                entering = true;
            }
            else
            {
                length--;
            }
        }

        double sum = 0;
        for (int l = maxBounds ? Math.Max(first, Options.MinLength) : first; l <= depth; l++)
        {
            sum += endings[l];
        }

        return maxBounds ? sum : 1 - sum;
    }

    /// <summary>One name into <paramref name="destination"/>; its length.</summary>
    public int Sample<TRandom>(ref TRandom random, scoped in ModelTables tables, Span<char> destination)
        where TRandom : struct, IRandomSource
    {
        int shortest = Math.Max(Options.Prefix.Length, Math.Min(Options.MinLength, Options.MaxLength));
        if (destination.Length < shortest)
        {
            ConstraintMessages.ThrowDestinationTooShort(destination.Length, shortest, nameof(destination));
        }

        TransformerWeights w = tables.Transformer;
        Span<float> workspace = TransformerCalls.Workspace(w);
        Options.Prefix.AsSpan().CopyTo(destination);
        FeedPrefix(w, workspace);
        long drawn = 0;
        while (true)
        {
            int length = DrawRest(ref random, w, destination, workspace, ref drawn);
            if (length >= 0 && length >= Options.MinLength && length <= Options.MaxLength
                && !(_novel && tables.Names.Contains(destination.Slice(0, length), tables.Alphabet, tables.AsciiIndex)))
            {
                return length;
            }

            if (drawn > MaxSymbols)
            {
                ConstraintMessages.ThrowNoNameFits(MaxSymbols, destination.Length, "a longer destination, or lengths this model's names have more often");
            }
        }
    }

    /// <summary>One name as a string.</summary>
    public string Sample<TRandom>(ref TRandom random, scoped in ModelTables tables)
        where TRandom : struct, IRandomSource
    {
        int longest = tables.Transformer.LongestName;
        Span<char> buffer = longest <= 256 ? stackalloc char[256] : new char[longest];
        int length = Sample(ref random, tables, buffer);
        return new string(buffer.Slice(0, length));
    }

    /// <summary>
    /// <paramref name="count"/> different names, by rejection: each from the options' distribution without the names
    /// drawn before it. Throws once the names not yet drawn have a probability after the prefix below
    /// <see cref="SamplingOptions.MinimumAcceptance"/> together (with bounded lengths, an upper bound of the acceptance).
    /// </summary>
    public string[] SampleUnique<TRandom>(ref TRandom random, scoped in ModelTables tables, int count)
        where TRandom : struct, IRandomSource
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > 1 && Support(tables) is var support && count > support)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{count} different names were asked for, but this model has only {support} {(support == 1 ? "name" : "names")} that meet the options; ask for at most {support}."),
                nameof(count));
        }

        TransformerWeights w = tables.Transformer;
        var result = new string[count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        double remaining = 1 - CopyProbability;
        Span<int> symbols = stackalloc int[w.LongestName];
        for (int k = 0; k < count; k++)
        {
            if (remaining < SamplingOptions.MinimumAcceptance)
            {
                throw new InvalidOperationException(
                    $"Only {k} different names could be drawn of the {count} asked for: the names these options allow that were not drawn yet have a probability of {Math.Max(0, remaining).ToString("G3", CultureInfo.InvariantCulture)} together, below the {SamplingOptions.MinimumAcceptance.ToString(CultureInfo.InvariantCulture)} at which sampling gives up.");
            }

            string name;
            do
            {
                name = Sample(ref random, tables);
            }
            while (!seen.Add(name));

            result[k] = name;
            for (int i = 0; i < name.Length; i++)
            {
                symbols[i] = w.IndexOf(name[i]);
            }

            remaining -= ConditionalProbability(w, symbols.Slice(0, name.Length));
        }

        return result;
    }

    /// <summary>
    /// The number of different names the options allow: every string of the alphabet's characters that starts with
    /// the prefix and has an allowed length (a softmax gives each a positive probability), less the list's with Novel;
    /// +∞ beyond 2^53.
    /// </summary>
    public double Support(scoped in ModelTables tables)
    {
        if (!double.IsNaN(_support))
        {
            return _support;
        }

        TransformerWeights w = tables.Transformer;
        double characters = w.Layout.Vocabulary - 1;
        int from = Math.Max(Options.MinLength, _prefixSymbols.Length);
        int to = Math.Min(Options.MaxLength, w.LongestName);
        double support = 0;
        for (int length = from; length <= to && support <= 9007199254740992.0; length++)
        {
            support += Math.Pow(characters, length - _prefixSymbols.Length);
        }

        if (support > 9007199254740992.0)
        {
            support = double.PositiveInfinity;
        }
        else if (_novel)
        {
            foreach (ReadOnlySpan<ushort> name in tables.Names)
            {
                if (name.Length >= from && name.Length <= to && TransformerListedMass.StartsWith(name, _prefixSymbols))
                {
                    support--;
                }
            }
        }

        _support = support;
        return support;
    }

    /// <summary>P(name | prefix) at the options' temperature, for a name as symbols (0 when it lacks the prefix or has an excluded length).</summary>
    private double ConditionalProbability(in TransformerWeights w, ReadOnlySpan<int> symbols)
    {
        if (symbols.Length < Options.MinLength || symbols.Length > Options.MaxLength || !symbols.StartsWith(_prefixSymbols))
        {
            return 0;
        }

        return Math.Exp(-RestNegativeLogProbability(w, _prefixSymbols, symbols.Slice(_prefixSymbols.Length), endsAfter: true));
    }

    /// <summary>
    /// −ln P_T(rest, then the end if <paramref name="endsAfter"/> | start, <paramref name="given"/>): each step's
    /// tempered softmax, the certain end after context − 1 characters included.
    /// </summary>
    private double RestNegativeLogProbability(in TransformerWeights w, ReadOnlySpan<int> given, ReadOnlySpan<int> rest, bool endsAfter)
    {
        Span<float> workspace = TransformerCalls.Workspace(w);
        var parts = new TransformerWorkspace.Parts(workspace, w.Layout, 1, 0);
        Span<double> probabilities = MemoryMarshal.Cast<float, double>(parts.Doubles);
        Span<int> one = stackalloc int[2];
        int total = given.Length + rest.Length;
        int steps = endsAfter ? total + 1 : total;
        double sum = 0;
        for (int position = 0; position < steps; position++)
        {
            int target = position < given.Length ? given[position] : position < total ? rest[position - given.Length] : 0;
            if (position >= w.LongestName)
            {
                // After context − 1 characters the end is certain.
                if (target != 0)
                {
                    return double.PositiveInfinity;
                }

                continue;
            }

            TransformerInference.StepOne(w, workspace, position == 0 ? 0 : position <= given.Length ? given[position - 1] : rest[position - given.Length - 1], position, one);
            if (position >= given.Length)
            {
                SymbolSoftmax.Probabilities(TransformerInference.Logits(w, workspace, 1, 0), Options.Temperature, probabilities);
                sum -= Math.Log(probabilities[target]);
            }
        }

        return sum;
    }

    /// <summary>
    /// Passes the start and the prefix's characters but its last through the network, once for every draw of a call:
    /// their keys and values stay in the workspace's cache, which a draw writes only from the prefix's length on.
    /// </summary>
    private void FeedPrefix(in TransformerWeights w, Span<float> workspace)
    {
        Span<int> one = stackalloc int[2];
        for (int position = 0; position < _prefixSymbols.Length; position++)
        {
            TransformerInference.StepOne(w, workspace, position == 0 ? 0 : _prefixSymbols[position - 1], position, one);
        }
    }

    /// <summary>
    /// Draws the rest of a name after the prefix (fed by <see cref="FeedPrefix"/>) at the options' temperature; −1 when
    /// the name outgrew the destination.
    /// </summary>
    private int DrawRest<TRandom>(ref TRandom random, in TransformerWeights w, Span<char> destination, Span<float> workspace, ref long drawn)
        where TRandom : struct, IRandomSource
    {
        var parts = new TransformerWorkspace.Parts(workspace, w.Layout, 1, 0);
        Span<double> scratch = MemoryMarshal.Cast<float, double>(parts.Doubles);
        Span<int> one = stackalloc int[2];
        int length = _prefixSymbols.Length;
        int token = length == 0 ? 0 : _prefixSymbols[length - 1];
        while (length < w.LongestName)
        {
            TransformerInference.StepOne(w, workspace, token, length, one);
            double u = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
            token = SymbolSoftmax.Draw(TransformerInference.Logits(w, workspace, 1, 0), Options.Temperature, u, scratch);
            drawn++;
            if (token == 0)
            {
                return length;
            }

            if (length == destination.Length)
            {
                return -1;
            }

            destination[length++] = w.Symbol(token);
        }

        return length;
    }
}
