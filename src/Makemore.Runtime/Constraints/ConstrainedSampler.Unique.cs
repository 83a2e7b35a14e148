using System.Collections.Generic;
using System.Globalization;
using System;

namespace Makemore.Constraints;

/// <summary>Batches of different names (sampling without replacement) and the count of the names the options allow.</summary>
internal sealed partial class ConstrainedSampler
{
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
            if (ConstraintMessages.Describe(Options.Prefix, Options.MinLength, Options.MaxLength) is { } which)
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
}
