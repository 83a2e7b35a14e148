using System;
using System.Collections.Generic;
using System.Linq;
using Makemore.Tests.Statistics;
using Xunit;

namespace Makemore.Tests.Constraints;

/// <summary>
/// The exact distribution of a model's names, by enumeration, from nothing but the model's own
/// <c>Probability(prefix, next)</c>: independent of the constrained sampler's context graph, tempering, length
/// table and name set. Every name that starts with <see cref="Root"/> and has at most <see cref="Bound"/>
/// characters is listed with its probability; the names beyond the bound are one mass, by subtraction.
/// </summary>
internal sealed class ExactNames
{
    /// <summary>The cell of the names longer than the bound (no name contains U+0001).</summary>
    public const string Longer = "\u0001longer";

    private readonly Func<string, char, double> _probability;
    private readonly string _alphabet;
    private readonly Dictionary<string, double> _names = new(StringComparer.Ordinal);

    public ExactNames(Func<string, char, double> probability, string alphabet, double temperature, string root, int bound)
    {
        _probability = probability;
        _alphabet = alphabet;
        Temperature = temperature;
        Root = root;
        Bound = bound;
        RootMass = PrefixMass(root);
        Walk(root, RootMass);

        void Walk(string prefix, double p)
        {
            double[] next = Next(prefix);
            if (next[0] > 0)
            {
                _names[prefix] = p * next[0];
            }

            if (prefix.Length == bound)
            {
                return;
            }

            for (int w = 1; w < next.Length; w++)
            {
                if (next[w] > 0)
                {
                    Walk(prefix + alphabet[w], p * next[w]);
                }
            }
        }
    }

    public double Temperature { get; }

    public string Root { get; }

    public int Bound { get; }

    /// <summary>The tempered probability that a name starts with <see cref="Root"/>.</summary>
    public double RootMass { get; }

    /// <summary>Every name with the root and at most <see cref="Bound"/> characters, and its (unconditioned) probability.</summary>
    public IReadOnlyDictionary<string, double> Names => _names;

    /// <summary>
    /// P(next | prefix) for every symbol of the alphabet, from the model's own probabilities: raised to 1/T and
    /// renormalised, in logarithms relative to the likeliest symbol (so that no temperature overflows).
    /// </summary>
    public static double[] Tempered(Func<string, char, double> probability, string alphabet, string prefix, double temperature)
    {
        var logs = new double[alphabet.Length];
        double top = double.NegativeInfinity;
        for (int w = 0; w < alphabet.Length; w++)
        {
            logs[w] = Math.Log(probability(prefix, alphabet[w]));
            top = Math.Max(top, logs[w]);
        }

        var result = new double[alphabet.Length];
        double sum = 0;
        for (int w = 0; w < alphabet.Length; w++)
        {
            result[w] = logs[w] == top ? 1 : Math.Exp((logs[w] - top) / temperature);
            sum += result[w];
        }

        for (int w = 0; w < alphabet.Length; w++)
        {
            result[w] /= sum;
        }

        return result;
    }

    /// <summary>The tempered next-symbol distribution after <paramref name="prefix"/>.</summary>
    public double[] Next(string prefix) => Tempered(_probability, _alphabet, prefix, Temperature);

    /// <summary>The tempered probability that a name starts with <paramref name="prefix"/>.</summary>
    public double PrefixMass(string prefix)
    {
        double mass = 1;
        for (int i = 0; i < prefix.Length && mass > 0; i++)
        {
            mass *= Next(prefix[..i])[_alphabet.IndexOf(prefix[i], StringComparison.Ordinal)];
        }

        return mass;
    }

    /// <summary>
    /// The names <paramref name="options"/> allow (their temperature must be this enumeration's), each with its
    /// unconditioned probability, and the names beyond the bound as one cell (<see cref="Longer"/>) when the
    /// options allow them: then every one of them must meet the options, which the method checks.
    /// </summary>
    public Expectation Condition(SamplingOptions options, IReadOnlySet<string> list)
    {
        Assert.Equal(Temperature, options.Temperature);
        Assert.StartsWith(Root, options.Prefix, StringComparison.Ordinal);
        var cells = new Dictionary<string, double>(StringComparer.Ordinal);
        double listedWithPrefix = 0;
        foreach ((string name, double p) in _names)
        {
            if (name.StartsWith(options.Prefix, StringComparison.Ordinal))
            {
                listedWithPrefix += p;
                if (name.Length >= options.MinLength && name.Length <= options.MaxLength && !(options.Novel && list.Contains(name)))
                {
                    cells.Add(name, p);
                }
            }
        }

        if (options.MaxLength > Bound)
        {
            // The names beyond the bound: all long enough, and none of them in the list.
            Assert.True(options.MinLength <= Bound + 1, "the minimum length must not exclude names beyond the bound");
            Assert.True(!options.Novel || list.All(n => n.Length <= Bound), "every listed name must lie within the bound");
            double beyond = Math.Max(0, PrefixMass(options.Prefix) - listedWithPrefix);
            if (beyond > 0)
            {
                cells.Add(Longer, beyond);
            }
        }

        return new Expectation(cells, Bound, options, list);
    }
}

/// <summary>What the draws with some options must follow: each allowed name's share, and how to file a draw.</summary>
internal sealed class Expectation
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly SamplingOptions _options;
    private readonly IReadOnlySet<string> _list;
    private readonly int _bound;

    public Expectation(Dictionary<string, double> cells, int bound, SamplingOptions options, IReadOnlySet<string> list)
    {
        _bound = bound;
        _options = options;
        _list = list;
        Mass = cells.Values.Sum();
        Keys = cells.Keys.Order(StringComparer.Ordinal).ToArray();
        Probabilities = Keys.Select(k => cells[k] / Mass).ToArray();
        for (int i = 0; i < Keys.Length; i++)
        {
            _index.Add(Keys[i], i);
        }
    }

    /// <summary>The probability that an unconstrained draw (at the options' temperature) meets the options.</summary>
    public double Mass { get; }

    /// <summary>The cells: each allowed name within the bound, and <see cref="ExactNames.Longer"/> when allowed.</summary>
    public string[] Keys { get; }

    /// <summary>Each cell's probability given the options.</summary>
    public double[] Probabilities { get; }

    /// <summary>The cell of a drawn name, after checking that it meets the options.</summary>
    public int CellOf(ReadOnlySpan<char> name)
    {
        if (!name.StartsWith(_options.Prefix, StringComparison.Ordinal) || name.Length < _options.MinLength || name.Length > _options.MaxLength)
        {
            Assert.Fail($"\"{name}\" does not meet the options (prefix \"{_options.Prefix}\", lengths {_options.MinLength} to {_options.MaxLength}).");
        }

        if (_options.Novel && _list.Contains(name.ToString()))
        {
            Assert.Fail($"\"{name}\" is a name of the list, drawn with Novel.");
        }

        if (name.Length > _bound)
        {
            return _index.TryGetValue(ExactNames.Longer, out int longer) ? longer : throw new InvalidOperationException($"\"{name}\" is beyond the bound, which the options exclude.");
        }

        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(name, out int cell))
        {
            Assert.Fail($"\"{name}\" has probability 0 given the options, yet it was drawn.");
        }

        return cell;
    }

    /// <summary>Pearson's test of the counts against the cells' probabilities, the rare cells pooled.</summary>
    public (double Statistic, double PValue, int Cells) Fit(long[] observed) => Pooled.Test(observed, Probabilities);
}

/// <summary>The chi-square test with the cells whose expected count is below 5 pooled into one (the textbook rule).</summary>
internal static class Pooled
{
    public const double MinimumExpected = 5;

    public static (double Statistic, double PValue, int Cells) Test(long[] observed, double[] probabilities)
    {
        long total = observed.Sum();
        var kept = new List<(long Observed, double Probability)>();
        long pooledObserved = 0;
        double pooledProbability = 0;
        foreach (int i in Enumerable.Range(0, observed.Length).OrderBy(i => probabilities[i]))
        {
            // A rare cell joins the pool, and so does the next cell while the pool is still rare.
            if (probabilities[i] * total < MinimumExpected || (pooledProbability > 0 && pooledProbability * total < MinimumExpected))
            {
                pooledObserved += observed[i];
                pooledProbability += probabilities[i];
            }
            else
            {
                kept.Add((observed[i], probabilities[i]));
            }
        }

        if (pooledProbability > 0 || pooledObserved > 0)
        {
            kept.Add((pooledObserved, pooledProbability));
        }

        (double statistic, double p) = ChiSquare.Test(kept.Select(k => k.Observed).ToArray(), kept.Select(k => k.Probability).ToArray());
        return (statistic, p, kept.Count);
    }
}
