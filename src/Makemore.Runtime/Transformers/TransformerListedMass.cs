using System;
using System.Collections.Generic;
using Makemore.Constraints;

namespace Makemore.Transformers;

/// <summary>
/// The tempered probability, given the prefix, of the list's names that start with it and have an allowed length:
/// what <c>Novel</c> takes off. The names are walked in sorted order, so that a name shares the passes of the one
/// before it up to their common prefix (the cache holds those positions, and each position's softmax is kept): one pass
/// per distinct prefix of the list instead of one per character of every name (59,540 passes instead of 153,436 for
/// the 29,693 names of data/names.txt).
/// </summary>
internal static class TransformerListedMass
{
    public static double Of(in TransformerWeights w, NameSet names, ReadOnlySpan<int> prefix, int minLength, int maxLength, double temperature)
    {
        int longest = w.LongestName;
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
        ushort[] all = [.. symbols];
        int[] order = new int[starts.Count - 1];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => all.AsSpan(starts[a], starts[a + 1] - starts[a]).SequenceCompareTo(all.AsSpan(starts[b], starts[b + 1] - starts[b])));

        int v = w.Layout.Vocabulary;
        Span<float> workspace = TransformerCalls.Workspace(w);
        Span<int> one = stackalloc int[2];

        // rows[p]: the tempered softmax after position p of the current path; the path's positions before `valid` hold.
        var rows = new double[(deepest + 1) * v];
        var path = new int[deepest + 1];
        for (int p = 0; p < prefix.Length; p++)
        {
            path[p] = prefix[p];
        }

        int valid = 0;
        double total = 0;
        foreach (int index in order)
        {
            ReadOnlySpan<ushort> name = all.AsSpan(starts[index], starts[index + 1] - starts[index]);
            int common = prefix.Length;
            while (common < valid - 1 && common < name.Length && path[common] == name[common])
            {
                common++;
            }

            // Positions up to `common` have the same tokens before them as the path's: their rows still hold.
            for (int p = prefix.Length; p < name.Length; p++)
            {
                path[p] = name[p];
            }

            for (int p = Math.Min(valid, common + 1); p <= name.Length && p < longest; p++)
            {
                TransformerInference.StepOne(w, workspace, p == 0 ? 0 : path[p - 1], p, one);
                SymbolSoftmax.Probabilities(TransformerInference.Logits(w, workspace, 1, 0), temperature, rows.AsSpan(p * v, v));
            }

            valid = Math.Min(name.Length, longest - 1) + 1;
            double probability = 1;
            for (int p = prefix.Length; p <= name.Length && p < longest; p++)
            {
                probability *= rows[(p * v) + (p < name.Length ? name[p] : 0)];
            }

            total += probability;
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
}
