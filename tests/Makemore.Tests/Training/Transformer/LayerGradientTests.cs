using System;
using Makemore.Training.Transformer;
using Xunit;
using static Makemore.Tests.Training.Transformer.NumericGradient;

namespace Makemore.Tests.Training.Transformer;

/// <summary>
/// Each layer's backward pass against central differences of the double-precision reference forward pass, at the
/// same point: the gradient of Σ dy · layer(x) for a random dy. Sizes are chosen to reach the kernels' vector bodies
/// and their tails (widths that are not multiples of a register, row counts that are not multiples of the product's
/// row blocks).
/// </summary>
public sealed class LayerGradientTests
{
    /// <summary>Float gradients within this share of the largest numeric element.</summary>
    private const double Tolerance = 2e-5;

    [Theory]
    [InlineData(3, 8)]
    [InlineData(7, 64)]
    [InlineData(5, 13)]
    public void LayerNorm_backward_matches_finite_differences(int rows, int size)
    {
        var random = new Random(rows * 100 + size);
        float[] x = RandomFloats(random, rows * size, 2);
        float[] weight = RandomFloats(random, size);
        float[] bias = RandomFloats(random, size);
        float[] dy = RandomFloats(random, rows * size);
        var output = new float[rows * size];
        var mean = new float[rows];
        var deviation = new float[rows];
        var dx = new float[rows * size];
        var dw = new float[size];
        var db = new float[size];
        LayerNorm.Forward(x, weight, bias, output, mean, deviation, rows, size, 1e-5f);
        LayerNorm.Backward(dy, x, weight, mean, deviation, dx, dw, db, rows, size);

        double[] wd = ToDouble(weight);
        double[] bd = ToDouble(bias);
        double[] xd = ToDouble(x);
        AssertForwardClose(output, TransformerReference.LayerNorm(xd, rows, size, wd, bd));
        AssertClose(dx, Of(v => Project(TransformerReference.LayerNorm(v, rows, size, wd, bd), dy), xd), Tolerance, "dx");
        AssertClose(dw, Of(v => Project(TransformerReference.LayerNorm(xd, rows, size, v, bd), dy), wd), Tolerance, "dweight");
        AssertClose(db, Of(v => Project(TransformerReference.LayerNorm(xd, rows, size, wd, v), dy), bd), Tolerance, "dbias");
    }

    [Theory]
    [InlineData(5, 7, 11)]
    [InlineData(13, 20, 37)]
    [InlineData(9, 64, 27)]
    [InlineData(14, 40, 64)]
    public void Linear_backward_matches_finite_differences(int rows, int inputs, int outputs)
    {
        var random = new Random((rows * 10000) + (inputs * 100) + outputs);
        float[] x = RandomFloats(random, rows * inputs);
        float[] weight = RandomFloats(random, inputs * outputs);
        float[] bias = RandomFloats(random, outputs);
        float[] dy = RandomFloats(random, rows * outputs);
        var output = new float[rows * outputs];
        var transposed = new float[inputs * outputs];
        var dx = new float[rows * inputs];
        var dw = new float[inputs * outputs];
        var db = new float[outputs];
        Linear.Forward(x, weight, bias, output, rows, inputs, outputs);
        Linear.Transpose(weight, transposed, inputs, outputs);
        Linear.Backward(dy, x, transposed, dx, dw, db, rows, inputs, outputs);

        double[] xd = ToDouble(x);
        double[] wd = ToDouble(weight);
        double[] bd = ToDouble(bias);
        AssertForwardClose(output, TransformerReference.Linear(xd, rows, inputs, wd, bd, outputs));
        AssertClose(dx, Of(v => Project(TransformerReference.Linear(v, rows, inputs, wd, bd, outputs), dy), xd), Tolerance, "dx");
        AssertClose(dw, Of(v => Project(TransformerReference.Linear(xd, rows, inputs, v, bd, outputs), dy), wd), Tolerance, "dweight");
        AssertClose(db, Of(v => Project(TransformerReference.Linear(xd, rows, inputs, wd, v, outputs), dy), bd), Tolerance, "dbias");
    }

    [Fact]
    public void Gelu_backward_matches_finite_differences()
    {
        var random = new Random(3);
        float[] x = RandomFloats(random, 203, 5);
        x[0] = 0;
        x[1] = -12;
        x[2] = 12;
        float[] dy = RandomFloats(random, x.Length);
        var output = new float[x.Length];
        var dx = new float[x.Length];
        GeluLayer.Forward(x, output);
        GeluLayer.Backward(dy, x, dx);

        double[] xd = ToDouble(x);
        AssertForwardClose(output, TransformerReference.Gelu(xd));
        double[] numeric = Of(v => Project(TransformerReference.Gelu(v), dy), xd);
        for (int i = 0; i < x.Length; i++)
        {
            // Elementwise: each derivative to its own float precision.
            Assert.True(Math.Abs(dx[i] - numeric[i]) <= 2e-6 + (2e-6 * Math.Abs(numeric[i])), $"x = {x[i]}: {dx[i]} vs {numeric[i]}");
        }
    }

    [Theory]
    [InlineData(8, 2, new[] { 3, 1, 5 })]
    [InlineData(64, 4, new[] { 7, 15, 2, 4 })]
    [InlineData(12, 3, new[] { 6 })]
    public void Attention_backward_matches_finite_differences(int size, int heads, int[] lengths)
    {
        const int Context = 16;
        var starts = new int[lengths.Length];
        int tokens = 0;
        for (int s = 0; s < lengths.Length; s++)
        {
            starts[s] = tokens;
            tokens += lengths[s];
        }

        var random = new Random(size + heads);
        float[] qkv = RandomFloats(random, tokens * 3 * size, 1.5);
        float[] dy = RandomFloats(random, tokens * size);
        var output = new float[tokens * size];
        var weights = new float[tokens * heads * Context];
        var dqkv = new float[tokens * 3 * size];
        CausalSelfAttention.Forward(qkv, output, weights, starts, lengths, size, heads, Context);
        CausalSelfAttention.Backward(dy, qkv, weights, dqkv, starts, lengths, size, heads, Context, new float[Context]);

        double[] qd = ToDouble(qkv);
        AssertForwardClose(output, TransformerReference.Attention(qd, starts, lengths, size, heads));
        AssertClose(dqkv, Of(v => Project(TransformerReference.Attention(v, starts, lengths, size, heads), dy), qd), Tolerance, "dqkv");
    }

    [Fact]
    public void Embedding_backward_adds_each_tokens_gradient_to_its_rows()
    {
        const int Size = 10;
        var random = new Random(4);
        int[] tokens = [0, 3, 3, 1, 0];
        int[] positions = [0, 1, 2, 0, 1];
        float[] tokenTable = RandomFloats(random, 4 * Size);
        float[] positionTable = RandomFloats(random, 3 * Size);
        float[] dy = RandomFloats(random, tokens.Length * Size);
        var output = new float[tokens.Length * Size];
        var dTokens = new float[tokenTable.Length];
        var dPositions = new float[positionTable.Length];
        Embedding.Forward(tokens, positions, tokenTable, positionTable, output, Size);
        Embedding.Backward(dy, tokens, positions, dTokens, dPositions, Size);

        double Forward(double[] table, double[] positionsTable)
        {
            var y = new double[output.Length];
            for (int t = 0; t < tokens.Length; t++)
            {
                for (int i = 0; i < Size; i++)
                {
                    y[(t * Size) + i] = table[(tokens[t] * Size) + i] + positionsTable[(positions[t] * Size) + i];
                }
            }

            return Project(y, dy);
        }

        double[] td = ToDouble(tokenTable);
        double[] pd = ToDouble(positionTable);
        AssertClose(dTokens, Of(v => Forward(v, pd), td), Tolerance, "dtokens");
        AssertClose(dPositions, Of(v => Forward(td, v), pd), Tolerance, "dpositions");
    }

    [Fact]
    public void Cross_entropy_gradient_matches_finite_differences_and_skips_rows_without_a_target()
    {
        const int Vocabulary = 27;
        var random = new Random(5);
        int[] targets = [3, 0, -1, 26, 5];
        float[] logits = RandomFloats(random, targets.Length * Vocabulary, 4);
        double[] ld = ToDouble(logits);
        const float Scale = 0.25f;
        double loss = SoftmaxCrossEntropy.ForwardBackward(logits, targets, targets.Length, Vocabulary, Scale);

        Assert.Equal(TransformerReference.CrossEntropySum(ld, targets, Vocabulary), loss, 5);
        AssertClose(logits, Of(v => Scale * TransformerReference.CrossEntropySum(v, targets, Vocabulary), ld), Tolerance, "dlogits");
        Assert.All(logits.AsSpan(2 * Vocabulary, Vocabulary).ToArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Dropout_keeps_about_one_minus_p_scales_them_and_routes_the_gradient_through_the_same_mask()
    {
        var rng = new Xoshiro256StarStar(9);
        var values = new float[40_000];
        Array.Fill(values, 1f);
        var mask = new float[values.Length];
        Dropout.Forward(values, mask, 0.25f, ref rng);
        int kept = 0;
        foreach (float v in values)
        {
            Assert.True(v == 0f || Math.Abs(v - (1 / 0.75f)) < 1e-6, $"{v}");
            kept += v != 0 ? 1 : 0;
        }

        Assert.InRange(kept / (double)values.Length, 0.74, 0.76);
        var gradient = new float[values.Length];
        Array.Fill(gradient, 2f);
        Dropout.Backward(gradient, mask);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(2 * values[i], gradient[i]);
        }
    }

    private static void AssertForwardClose(ReadOnlySpan<float> actual, double[] expected)
    {
        double scale = 1;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * scale, $"forward [{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
