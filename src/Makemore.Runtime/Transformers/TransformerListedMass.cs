using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Makemore.Constraints;

namespace Makemore.Transformers;

/// <summary>
/// The tempered probability, given the prefix, of the list's names that start with it and have an allowed length:
/// what <c>Novel</c> takes off. The names are walked in sorted order, so that a name shares the passes of the one
/// before it up to their common prefix (the cache holds those positions, and each position's softmax is kept): one pass
/// per distinct prefix of the list instead of one per character of every name (59,540 passes instead of 153,436 for
/// the 29,693 names of data/names.txt).
/// </summary>
/// <remarks>
/// The sorted names are cut into runs of <see cref="NamesPerRun"/>, walked on as many threads as the machine gives
/// (each with its own workspace) and summed in run order: the runs, and so the sum's rounding, do not depend on the
/// thread count, so the mass is the same number on every machine. A run starts with an empty cache, which costs its
/// first name's passes again (about 60 passes more for data/names.txt's 58 runs, 0.6 %).
/// </remarks>
internal static class TransformerListedMass
{
    /// <summary>Names per run: enough runs to keep every core busy, few enough that restarting the cache costs little.</summary>
    private const int NamesPerRun = 512;

    public static double Of(TransformerModel model, NameSet names, ReadOnlySpan<int> prefix, int minLength, int maxLength, double temperature)
    {
        int longest = model.Weights.LongestName;
        var symbols = new List<ushort>();
        var starts = new List<int>();
        int deepest = prefix.Length;
        foreach (ReadOnlySpan<ushort> name in names)
        {
            if (name.Length <= longest && name.Length >= minLength && name.Length <= maxLength && StartsWith(name, prefix))
            {
                starts.Add(symbols.Count);
                foreach (ushort s in name)
                {
                    symbols.Add(s);
                }

                deepest = Math.Max(deepest, name.Length);
            }
        }

        starts.Add(symbols.Count);
        var walk = new SortedNames([.. symbols], [.. starts], prefix.ToArray(), deepest, temperature);
        int runs = (walk.Count + NamesPerRun - 1) / NamesPerRun;
        var masses = new double[runs];
        Parallel.For(0, runs, run =>
        {
            int first = run * NamesPerRun;
            masses[run] = walk.Mass(model.Weights, first, Math.Min(NamesPerRun, walk.Count - first));
        });

        double total = 0;
        foreach (double mass in masses)
        {
            total += mass;
        }

        return total;
    }

    /// <summary>Whether a name of the list, as symbols, starts with the prefix's symbols.</summary>
    public static bool StartsWith(ReadOnlySpan<ushort> name, ReadOnlySpan<int> prefix)
    {
        if (name.Length < prefix.Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if (name[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The names to weigh, as symbols, in sorted order.</summary>
    private sealed class SortedNames
    {
        private readonly ushort[] _symbols;
        private readonly int[] _starts;
        private readonly int[] _order;
        private readonly int[] _prefix;
        private readonly int _deepest;
        private readonly double _temperature;

        public SortedNames(ushort[] symbols, int[] starts, int[] prefix, int deepest, double temperature)
        {
            _symbols = symbols;
            _starts = starts;
            _prefix = prefix;
            _deepest = deepest;
            _temperature = temperature;
            _order = new int[starts.Length - 1];
            for (int i = 0; i < _order.Length; i++)
            {
                _order[i] = i;
            }

            Array.Sort(_order, (a, b) => Name(a).SequenceCompareTo(Name(b)));
        }

        public int Count => _order.Length;

        /// <summary>
        /// The tempered probability of <paramref name="count"/> names from the <paramref name="first"/>-th in sorted
        /// order, each given the prefix, with the workspace of the calling thread.
        /// </summary>
        public double Mass(in TransformerWeights w, int first, int count)
        {
            int longest = w.LongestName;
            int v = w.Layout.Vocabulary;
            Span<float> workspace = TransformerCalls.Workspace(w);
            Span<int> one = stackalloc int[2];

            // rows[p]: the tempered softmax after position p of the current path; the path's positions before `valid` hold.
            var rows = new double[(_deepest + 1) * v];
            var path = new int[_deepest + 1];
            _prefix.CopyTo(path, 0);
            int valid = 0;
            double total = 0;
            for (int k = first; k < first + count; k++)
            {
                ReadOnlySpan<ushort> name = Name(_order[k]);
                int common = _prefix.Length;
                while (common < valid - 1 && common < name.Length && path[common] == name[common])
                {
                    common++;
                }

                // Positions up to `common` have the same tokens before them as the path's: their rows still hold.
                for (int p = _prefix.Length; p < name.Length; p++)
                {
                    path[p] = name[p];
                }

                for (int p = Math.Min(valid, common + 1); p <= name.Length && p < longest; p++)
                {
                    TransformerInference.StepOne(w, workspace, p == 0 ? 0 : path[p - 1], p, one);
                    SymbolSoftmax.Probabilities(TransformerInference.Logits(w, workspace, 1, 0), _temperature, rows.AsSpan(p * v, v));
                }

                valid = Math.Min(name.Length, longest - 1) + 1;
                double probability = 1;
                for (int p = _prefix.Length; p <= name.Length && p < longest; p++)
                {
                    probability *= rows[(p * v) + (p < name.Length ? name[p] : 0)];
                }

                total += probability;
            }

            return total;
        }

        private ReadOnlySpan<ushort> Name(int index) => _symbols.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);
    }
}
