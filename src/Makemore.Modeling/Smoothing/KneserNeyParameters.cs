// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling.Smoothing;

/// <summary>
/// The parameters of an interpolated modified Kneser–Ney model, one group per level and context bucket: Chen &amp;
/// Goodman's three discounts D1 (pairs seen once), D2 (twice), D3+ (three times or more), and a strength θ ≥ 0
/// that adds θ to the context's total and the same mass to its back-off weight. Level L is the context length
/// (0 … n − 1); the bucket sorts contexts by their total t (rare, medium, frequent), since how much a context
/// should trust itself depends on how often it was seen, not only on its count-of-counts.
/// </summary>
/// <remarks>
/// P(w | c) = (a − D(a))⁺ / (t + θ) + (θ + D1 N1 + D2 N2 + D3+ N3+) / (t + θ) · P(w | parent(c)). With θ = 0 this
/// is plain interpolated modified Kneser–Ney; θ is the strength (concentration) of the Pitman–Yor process whose
/// approximation Kneser–Ney is (Teh 2006). It lets a level lean on its parent more when its contexts are rare,
/// which discounts alone cannot do; the tuner sets it on held-out folds along with the discounts.
/// </remarks>
internal sealed class KneserNeyParameters
{
    /// <summary>Parameters per group (D1, D2, D3+, θ).</summary>
    public const int PerGroup = 4;

    /// <summary>Upper bounds (inclusive) of the context-total buckets but the last: contexts seen t ≤ 2, 3 … 9 and ≥ 10 times.</summary>
    private static readonly int[] BucketBounds = [1, 3, 9, 30];

    /// <summary>Buckets per level.</summary>
    public static int Buckets => BucketBounds.Length + 1;

    /// <summary>Parameters per level.</summary>
    public static int PerLevel => PerGroup * Buckets;

    /// <summary>The bucket of a context with (adjusted) total <paramref name="total"/>.</summary>
    public static int BucketOf(int total)
    {
        int bucket = 0;
        while (bucket < BucketBounds.Length && total > BucketBounds[bucket])
        {
            bucket++;
        }

        return bucket;
    }

    /// <summary>Index of the first parameter (D1) of a level's bucket in <see cref="Values"/>.</summary>
    public static int Index(int level, int bucket) => ((level * Buckets) + bucket) * PerGroup;

    /// <summary>The smallest discount allowed: it keeps every back-off weight γ positive, so no symbol ever gets probability 0.</summary>
    public const double MinimumDiscount = 0.01;

    /// <summary>The largest strength the tuner may choose (a guard against a runaway search, far above useful values).</summary>
    public const double MaximumStrength = 1e4;

    /// <summary>Used for a discount whose count-of-counts formula is undefined (no pairs of that count).</summary>
    private static readonly double[] Fallback = [0.5, 1.0, 1.5, 0.0];

    public KneserNeyParameters(double[] values)
    {
        if (values.Length == 0 || values.Length % PerLevel != 0)
        {
            throw new ArgumentException($"{PerLevel} parameters per level are needed.", nameof(values));
        }

        for (int i = 0; i < values.Length; i++)
        {
            int j = i % PerGroup;
            if (!(values[i] >= LowerBound(j) && values[i] <= UpperBound(j)))
            {
                throw new ArgumentOutOfRangeException(nameof(values), values[i],
                    $"Parameter {Name(j)} of level {i / PerLevel} must lie in [{LowerBound(j)}, {UpperBound(j)}].");
            }
        }

        Values = values;
    }

    /// <summary>From <see cref="Index"/>(L, b): D1, D2, D3+, θ of level L's contexts in bucket b.</summary>
    public double[] Values { get; }

    /// <summary>Number of levels (the order n).</summary>
    public int Levels => Values.Length / PerLevel;

    /// <summary>The discount of a pair with (adjusted) count <paramref name="count"/> ≥ 1 in a context of the level and bucket.</summary>
    public double Discount(int level, int bucket, int count) => Values[Index(level, bucket) + (count >= 3 ? 2 : count - 1)];

    /// <summary>The name of parameter j of a level.</summary>
    public static string Name(int j) => j switch { 0 => "D1", 1 => "D2", 2 => "D3+", _ => "θ" };

    /// <summary>The smallest allowed value of parameter j.</summary>
    public static double LowerBound(int j) => j == 3 ? 0 : MinimumDiscount;

    /// <summary>The largest allowed value of parameter j: a discount's count (so no count goes negative), or the strength's guard.</summary>
    public static double UpperBound(int j) => j == 3 ? MaximumStrength : j + 1;

    /// <summary>Clamps a value into parameter j's allowed range (NaN becomes the fallback).</summary>
    public static double Clamp(double value, int j) =>
        double.IsNaN(value) ? Fallback[j] : Math.Max(LowerBound(j), Math.Min(UpperBound(j), value));

    /// <summary>
    /// Chen and Goodman's estimates from the count-of-counts n1 … n4 of each level's (adjusted) counts:
    /// Y = n1 / (n1 + 2 n2), D1 = 1 − 2Y n2/n1, D2 = 2 − 3Y n3/n2, D3+ = 3 − 4Y n4/n3, each clamped into its
    /// range; a formula with a zero denominator (e.g. no pair seen twice) gives the fallback 0.5, 1, 1.5. θ = 0, and
/// every bucket of a level gets the level's values.
    /// </summary>
    /// <param name="countOfCounts">[4 L + r − 1] = number of pairs at level L with count r, r = 1 … 4.</param>
    public static KneserNeyParameters FromCountOfCounts(long[] countOfCounts)
    {
        int levels = countOfCounts.Length / 4;
        var values = new double[PerLevel * levels];
        for (int level = 0; level < levels; level++)
        {
            double n1 = countOfCounts[4 * level];
            double n2 = countOfCounts[(4 * level) + 1];
            double n3 = countOfCounts[(4 * level) + 2];
            double n4 = countOfCounts[(4 * level) + 3];
            double y = n1 + (2 * n2) > 0 ? n1 / (n1 + (2 * n2)) : double.NaN;
            for (int bucket = 0; bucket < Buckets; bucket++)
            {
                int at = Index(level, bucket);
                values[at] = Clamp(n1 > 0 ? 1 - (2 * y * n2 / n1) : double.NaN, 0);
                values[at + 1] = Clamp(n2 > 0 ? 2 - (3 * y * n3 / n2) : double.NaN, 1);
                values[at + 2] = Clamp(n3 > 0 ? 3 - (4 * y * n4 / n3) : double.NaN, 2);
                values[at + 3] = 0;
            }
        }

        return new KneserNeyParameters(values);
    }
}
