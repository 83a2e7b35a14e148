// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;

namespace Makemore.Modeling.Planning;

/// <summary>
/// What a names list becomes apart from its names: the settings, for Kneser–Ney the parameters tuned on the list's
/// own held-out folds, and the count cut-offs that keep the tables within the size budget. This is the expensive
/// part of building a model, and the part that involves choices: the generator makes it at build time and writes it
/// into the generated class (<see cref="ModelRecipe"/>), from which the runtime lays the tables out on first use, by
/// the same code (<c>LanguageModelData.Build</c>).
/// </summary>
internal sealed class ModelPlan
{
    /// <summary>The size budget when none is given: 8 MiB of tables (an order-6 model of 30,000 names takes 6.5 MiB).</summary>
    public const long DefaultMaxTableBytes = 8L << 20;

    public ModelPlan(ModelSettings settings, KneserNeyParameters? parameters, int[]? minimumCounts = null, ModelPruning? pruning = null)
    {
        Settings = settings;
        Parameters = parameters;
        MinimumCounts = minimumCounts;
        Pruning = pruning;
    }

    public ModelSettings Settings { get; }

    /// <summary>
    /// The tuned Kneser–Ney parameters; null for additive smoothing, and for a Kneser–Ney list of one name, which has no
    /// held-out fold to tune on: its model is the lecture's bigram (α = 1) laid out at the requested order
    /// (<see cref="IsBigramFallback"/>), which on held-out names does better than any untuned Kneser–Ney.
    /// </summary>
    public KneserNeyParameters? Parameters { get; }

    /// <summary>Whether a Kneser–Ney model falls back to the lecture's bigram for want of a second name.</summary>
    public bool IsBigramFallback => Settings.Smoothing == NGramSmoothingKind.KneserNey && Parameters is null;

    /// <summary>Per level, the fewest times a context of that level must be seen to be kept (<see cref="NGramCounts.Prune"/>); null: nothing pruned.</summary>
    public int[]? MinimumCounts { get; }

    /// <summary>What the budget cost, when it pruned (for the build's report); null otherwise, and in a plan read back from a recipe.</summary>
    public ModelPruning? Pruning { get; }

    /// <summary>
    /// Tunes what a list needs (Kneser–Ney's parameters), then prunes the rarest contexts until the tables fit
    /// <paramref name="maxTableBytes"/>; returns the counts made on the way (null when none were).
    /// </summary>
    /// <exception cref="ModelTooLargeException">Even with every context of two or more symbols pruned, the tables exceed the budget.</exception>
    public static ModelPlan Make(NameList names, ModelSettings settings, long maxTableBytes, out NGramCounts? counts)
    {
        counts = null;
        KneserNeyParameters? parameters = null;
        if (settings.Smoothing == NGramSmoothingKind.KneserNey && names.Count >= 2)
        {
            parameters = KneserNeyTuner.Tune(names, settings.Order, out NGramCounts tuned);
            counts = tuned;
        }

        if (settings.IsDenseBigram && names.Alphabet.Length <= BigramModelData.MaxSymbols)
        {
            long dense = BigramModelData.Bytes(names.Alphabet.Length);
            return dense <= maxTableBytes
                ? new ModelPlan(settings, parameters)
                : throw new ModelTooLargeException(dense, maxTableBytes, settings.Order);
        }

        counts ??= NGramCounts.Count(names, settings.Order);
        long bytes = NGramTableBuilder.Measure(counts);
        if (bytes <= maxTableBytes)
        {
            return new ModelPlan(settings, parameters);
        }

        // The gentlest cut-offs whose tables fit, searched over schedules that grow one level at a time (the
        // bytes fall as the schedule grows): the top level first, since the longest contexts are the most numerous
        // and the least seen.
        int levels = Math.Max(1, settings.Order - 2);
        int low = 1;
        int high = 1;
        long fitted;
        while (true)
        {
            fitted = NGramTableBuilder.Measure(counts.Prune(CutOffs(settings.Order, high)));
            if (fitted <= maxTableBytes)
            {
                break;
            }

            if (high / levels > names.Count)
            {
                throw new ModelTooLargeException(fitted, maxTableBytes, settings.Order); // only the start contexts are left above level 1
            }

            low = high + 1;
            high *= 2;
        }

        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            long size = NGramTableBuilder.Measure(counts.Prune(CutOffs(settings.Order, middle)));
            if (size <= maxTableBytes)
            {
                high = middle;
                fitted = size;
            }
            else
            {
                low = middle + 1;
            }
        }

        int[] cutOffs = CutOffs(settings.Order, high);
        fitted = NGramTableBuilder.Measure(counts.Prune(cutOffs));

        // What the pruning costs on the list's own held-out folds (with Kneser–Ney, whose tuning counted them).
        double cost = parameters is not null && counts.Folds >= 2
            ? KneserNeyTuner.HeldOutNll(counts, parameters, cutOffs) - KneserNeyTuner.HeldOutNll(counts, parameters)
            : double.NaN;
        return new ModelPlan(settings, parameters, cutOffs, new ModelPruning(cutOffs, bytes, fitted, cost));
    }

    /// <summary>
    /// The cut-offs of schedule step <paramref name="step"/> (1 the gentlest): each step raises one level's cut-off by
    /// one, the highest level first, so that step s (n − 2 levels from 2 up) gives the top levels a cut-off one above
    /// the rest. Levels 0 and 1 are never pruned; cut-offs never fall from one level to the next.
    /// </summary>
    public static int[] CutOffs(int order, int step)
    {
        var minimum = new int[order];
        int levels = Math.Max(1, order - 2);
        int round = (step - 1) / levels;      // every level from 2 up is at least round + 1
        int raised = ((step - 1) % levels) + 1; // and the top `raised` levels one more
        for (int level = 0; level < order; level++)
        {
            minimum[level] = level < 2 ? 1 : 1 + round + (level >= order - raised ? 1 : 0);
        }

        return minimum;
    }
}

/// <summary>What a budget pruned: the cut-offs, and the table bytes before and after.</summary>
internal sealed class ModelPruning(int[] cutOffs, long unprunedBytes, long bytes, double heldOutCost)
{
    /// <summary>Per level, the fewest times a context of that level was seen to be kept.</summary>
    public int[] CutOffs { get; } = cutOffs;

    public long UnprunedBytes { get; } = unprunedBytes;

    public long Bytes { get; } = bytes;

    /// <summary>How much the held-out NLL per token rose (nats), on the list's own folds; NaN when not measured (additive smoothing).</summary>
    public double HeldOutCost { get; } = heldOutCost;

    /// <summary>The cut-offs of the levels that pruned, as a reader reads them: "contexts of 5 symbols seen fewer than 2 times, of 6 symbols fewer than 3".</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder();
        for (int level = 2; level < CutOffs.Length; level++)
        {
            if (CutOffs[level] > 1)
            {
                text.Append(text.Length == 0 ? "contexts of " : ", of ")
                    .Append(level.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" symbols seen fewer than ")
                    .Append(CutOffs[level].ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" times");
            }
        }

        return text.ToString();
    }
}
/// <summary>No pruning brings a model within its size budget.</summary>
internal sealed class ModelTooLargeException(long smallestBytes, long maxTableBytes, int order)
    : Exception($"The smallest order-{order} model of this list takes {smallestBytes} bytes of tables, more than the budget of {maxTableBytes}.")
{
    /// <summary>The bytes of the smallest model this pruning can make.</summary>
    public long SmallestBytes { get; } = smallestBytes;

    public long MaxTableBytes { get; } = maxTableBytes;
}
