using System.Collections.Generic;
using System.Linq;
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Makemore.NGram;

namespace Makemore.Tests.NGram;

/// <summary>Order-n models of small lists for the n-gram tests, in both smoothings.</summary>
internal static class NGramTestModels
{
    /// <summary>The first 3,000 names of the project's own list: every order builds in milliseconds.</summary>
    public static readonly Lazy<string> SmallList = new(() => string.Join("\n", DefaultData.Text.Split('\n').Take(3000)));

    public static NameList Parse(string text) => NameListParser.Parse(text);

    /// <summary>Every smoothing the tests cover, by name.</summary>
    public static IEnumerable<(string Name, NGramModel Model)> All(string text, int order)
    {
        NameList names = Parse(text);
        var counts = NGramCounts.Count(names, order, folds: 5);
        yield return ("additive 1", NGramModel.Additive(counts, 1));
        yield return ("additive 0.1", NGramModel.Additive(counts, 0.1));
        yield return ("additive 0", NGramModel.Additive(counts, 0));
        yield return ("Kneser-Ney count-of-counts", NGramModel.KneserNeyFromCountOfCounts(counts));
        yield return ("Kneser-Ney tuned", NGramModel.KneserNey(counts, KneserNeyTuner.Tune(counts)));
    }

    public static NGramTable Table(NGramTables tables) => NGramTable.From(tables, SymbolIndex.BuildAscii(tables.Alphabet));

    /// <summary>Symbol indices of a name.</summary>
    public static int[] Encode(string alphabet, string name) => name.Select(c => alphabet.IndexOf(c, 1)).ToArray();

    /// <summary>The global table index of a model node (levels are numbered from the root up).</summary>
    public static int GlobalNode(NGramModel model, int level, int node)
    {
        int offset = 0;
        for (int l = 0; l < level; l++)
        {
            offset += model.Counts.Levels[l].NodeCount;
        }

        return offset + node;
    }

    /// <summary>The probability each slot of a block receives: keep shares and alias shares of the k columns.</summary>
    public static double[] Realise(NGramTable table, ulong handle)
    {
        int first = table.First(handle);
        int k = table.Count(handle);
        var realised = new double[k];
        for (int column = 0; column < k; column++)
        {
            double keep = table.ThresholdAt(first + column) / 4294967296.0;
            realised[column] += keep / k;
            realised[table.AliasAt(first + column)] += (1 - keep) / k;
        }

        return realised;
    }
}
