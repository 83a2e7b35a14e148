// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling.Smoothing;

/// <summary>
/// The Gaussian prior on the Kneser–Ney parameters that the tuner adds (as −ln prior, in nats) to the held-out
/// NLL of the folds, so that it finds the most probable parameters given the folds rather than the ones that fit
/// the folds best. The prior is worth <see cref="Tokens"/> held-out tokens: it decides a list of a few names and
/// fades as the list grows.
/// </summary>
/// <remarks>
/// <para>
/// Why a short list needs it: its folds hold a few dozen tokens for 20 parameters per level. Fitted to those
/// alone, parameters that two or three held-out tokens depend on go to their bounds on noise (D1 = 0.01 with θ = 0
/// leaves a context 1 % of its mass for what it has not seen, so an unseen first letter costs e⁻¹⁴), and the
/// parameters no held-out token depends on keep Chen and Goodman's count-of-counts estimates, which on few counts
/// sit at the bounds too: with no pair seen twice D1 = 1, so a level's own counts get nothing. A list of one name
/// has no held-out data at all ("emma" at order 6 had one distribution in every context, its most frequent
/// letter the least probable, and scored worse than uniform on itself).
/// </para>
/// <para>
/// The prior is a unit-information prior (Kass and Wasserman 1995), diagonal, worth κ = <see cref="Tokens"/>
/// tokens: its precision for parameter i is κ times the mean information one held-out token carries about it,
/// (1/N) Σ (∂ ln P / ∂x_i)² over the N tokens, at the prior's centre; a <see cref="TieBreak"/> precision under
/// that puts the parameters no token depends on at the centre. To second order, and up to the correlations
/// between parameters, the tuned parameters move from the folds' own optimum towards the centre by κ / (N + κ)
/// of the way, in the scale the data sees each parameter in: most of the way for a list of a few names, 0.5 %
/// for the lecture's 182,625 training tokens.
/// </para>
/// <para>
/// The centre (D1, D2, D3+, θ) = (0.9, 1.5, 2, 1) backs off heavily, as contexts seen a handful of times should:
/// with every level at these values and no tuning, lists of 2 to 200 names drawn from the project's names score
/// held-out names better than the additive α = 1 bigram on average at orders 3, 5 and 8, and no draw of 40 is
/// worse by more than 0.07 nats/token (a single name: as good on average, 0.13 worse at most). κ = 1000 keeps the
/// lecture's dev NLL within 10⁻⁵ and its test NLL within 4·10⁻⁵ of the tuning without a prior, while lists of 2
/// to 300 names gain from 0.005 (300 names) to 1.0 nats/token (5 names at order 8) on held-out names; κ = 300
/// leaves more short lists worse than their bigram, κ = 3000 moves the lecture's test NLL by 10⁻⁴.
/// </para>
/// </remarks>
internal sealed class KneserNeyPrior
{
    /// <summary>κ: how many held-out tokens the prior is worth.</summary>
    public const double Tokens = 1000;

    /// <summary>Precision, in nats per unit² of D_r / r and of ln(1 + θ), that every parameter has however little data depends on it.</summary>
    public const double TieBreak = 0.1;

    /// <summary>The centre's D1, D2, D3+ and θ.</summary>
    private static readonly double[] Centre = [0.9, 1.5, 2.0, 1.0];

    private readonly double[] _precision;

    private KneserNeyPrior(double[] precision) => _precision = precision;

    /// <summary>The centre for an order-<paramref name="levels"/> model: what the tuner returns when the folds say nothing.</summary>
    public static double[] Mode(int levels)
    {
        var x = new double[levels * KneserNeyParameters.PerLevel];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = Centre[i % KneserNeyParameters.PerGroup];
        }

        return x;
    }

    /// <summary>The prior for tuning on <paramref name="tokens"/> an order-<paramref name="levels"/> model.</summary>
    public static KneserNeyPrior For(HeldOutTokens tokens, int levels)
    {
        double[] centre = Mode(levels);
        var precision = new double[centre.Length];
        tokens.InformationDiagonal(centre, precision);
        double perToken = tokens.Count > 0 ? Tokens / tokens.Count : 0;
        for (int i = 0; i < precision.Length; i++)
        {
            // The tie-break's unit is a discount's share of its count, or ln(1 + θ): d/dx of those at the centre.
            int j = i % KneserNeyParameters.PerGroup;
            double unit = j == 3 ? 1 / (1 + centre[i]) : 1.0 / (j + 1);
            precision[i] = (perToken * precision[i]) + (TieBreak * unit * unit);
        }

        return new KneserNeyPrior(precision);
    }

    /// <summary>
    /// −ln prior of <paramref name="x"/> (0 at the centre); with non-null arrays also adds its gradient and its
    /// curvature (diagonal) to <paramref name="gradient"/> and <paramref name="curvature"/> (row-major m × m).
    /// </summary>
    public double Add(double[] x, double[]? gradient, double[]? curvature)
    {
        int m = x.Length;
        double sum = 0;
        for (int i = 0; i < m; i++)
        {
            double d = x[i] - Centre[i % KneserNeyParameters.PerGroup];
            sum += _precision[i] * d * d / 2;
            if (gradient is not null && curvature is not null)
            {
                gradient[i] += _precision[i] * d;
                curvature[(i * m) + i] += _precision[i];
            }
        }

        return sum;
    }
}
