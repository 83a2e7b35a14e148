using System;
using Xunit;

namespace Makemore.Tests.Training.Transformer;

/// <summary>Central differences of a double-precision function, and the comparison of a float gradient with them.</summary>
internal static class NumericGradient
{
    /// <summary>∂f/∂xᵢ for every i, by (f(x + h) − f(x − h)) / 2h in double.</summary>
    public static double[] Of(Func<double[], double> f, double[] x, double step = 1e-5)
    {
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            x[i] = saved + step;
            double up = f(x);
            x[i] = saved - step;
            double down = f(x);
            x[i] = saved;
            gradient[i] = (up - down) / (2 * step);
        }

        return gradient;
    }

    /// <summary>
    /// Every element of the float gradient is within <paramref name="relative"/> of the numeric one, relative to the
    /// largest numeric element (float sums of many terms are exact to a few parts in 10⁷ of their largest terms).
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> analytic, double[] numeric, double relative, string what)
    {
        Assert.Equal(numeric.Length, analytic.Length);
        double scale = 0;
        foreach (double n in numeric)
        {
            scale = Math.Max(scale, Math.Abs(n));
        }

        Assert.True(scale > 0, $"{what}: the numeric gradient is all zero, so the check would check nothing.");
        for (int i = 0; i < numeric.Length; i++)
        {
            double error = Math.Abs(analytic[i] - numeric[i]);
            Assert.True(error <= relative * scale, $"{what}[{i}]: analytic {analytic[i]:G9}, numeric {numeric[i]:G9}, error {error:G3} > {relative:G2} × {scale:G3}");
        }
    }

    public static float[] RandomFloats(Random random, int count, double scale = 1)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * scale);
        }

        return values;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    /// <summary>Σ weightsᵢ · valuesᵢ: a random projection that turns a layer's output into the scalar its gradient is of.</summary>
    public static double Project(double[] values, float[] weights)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i] * weights[i];
        }

        return sum;
    }
}
