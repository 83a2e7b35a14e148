// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling;

/// <summary>
/// The parameters of each level of an interpolated modified Kneser–Ney model: Chen &amp; Goodman's three
/// discounts D1 (pairs seen once), D2 (twice), D3+ (three times or more), and a strength θ ≥ 0 that adds θ to
/// every context's total and the same mass to its back-off weight. Level L is the context length (0 … n − 1).
/// </summary>
/// <remarks>
/// P(w | c) = (a − D(a))⁺ / (t + θ) + (θ + D1 N1 + D2 N2 + D3+ N3+) / (t + θ) · P(w | parent(c)). With θ = 0 this
/// is plain interpolated modified Kneser–Ney; θ is the strength (concentration) of the Pitman–Yor process whose
/// approximation Kneser–Ney is (Teh 2006). It lets a level lean on its parent more when its contexts are rare,
/// which discounts alone cannot do; the tuner sets it on held-out folds along with the discounts.
/// </remarks>
internal sealed class KneserNeyParameters
{
    /// <summary>Parameters per level.</summary>
    public const int PerLevel = 4;

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
            int j = i % PerLevel;
            if (!(values[i] >= LowerBound(j) && values[i] <= UpperBound(j)))
            {
                throw new ArgumentOutOfRangeException(nameof(values), values[i],
                    $"Parameter {Name(j)} of level {i / PerLevel} must lie in [{LowerBound(j)}, {UpperBound(j)}].");
            }
        }

        Values = values;
    }

    /// <summary>[4 L + 0] = D1, [4 L + 1] = D2, [4 L + 2] = D3+, [4 L + 3] = θ of level L.</summary>
    public double[] Values { get; }

    /// <summary>Number of levels (the order n).</summary>
    public int Levels => Values.Length / PerLevel;

    /// <summary>The discount of a pair with (adjusted) count <paramref name="count"/> ≥ 1 at level <paramref name="level"/>.</summary>
    public double Discount(int level, int count) => Values[(PerLevel * level) + (count >= 3 ? 2 : count - 1)];

    /// <summary>θ of a level.</summary>
    public double Strength(int level) => Values[(PerLevel * level) + 3];

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
    /// range; a formula with a zero denominator (e.g. no pair seen twice) gives the fallback 0.5, 1, 1.5. θ = 0.
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
            int at = PerLevel * level;
            values[at] = Clamp(n1 > 0 ? 1 - (2 * y * n2 / n1) : double.NaN, 0);
            values[at + 1] = Clamp(n2 > 0 ? 2 - (3 * y * n3 / n2) : double.NaN, 1);
            values[at + 2] = Clamp(n3 > 0 ? 3 - (4 * y * n4 / n3) : double.NaN, 2);
            values[at + 3] = 0;
        }

        return new KneserNeyParameters(values);
    }
}
