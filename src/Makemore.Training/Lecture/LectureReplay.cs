using System.Text;
using System;
using Makemore.Bigram;
using Makemore.PyTorch;

namespace Makemore.Lecture;

/// <summary>
/// Replays the makemore lecture's seeded sampling cell without PyTorch:
/// <code>
/// g = torch.Generator().manual_seed(2147483647)
/// for i in range(5):
///     out = []
///     ix = 0
///     while True:
///         p = P[ix]
///         ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
///         out.append(itos[ix])
///         if ix == 0:
///             break
///     print(''.join(out))
/// </code>
/// With the lecture's P = (N + 1) row-normalised in float, <see cref="TorchMultinomial.Legacy"/> prints the
/// video's names (PyTorch 1.x): "mor.", "axx.", "minaymoryles.", "kondlaisah.", "anchshizarie.";
/// <see cref="TorchMultinomial.Modern"/> prints what PyTorch 2.x does: "cexze.", "momasurailezitynn.",
/// "konimittain.", "llayn.", "ka.".
/// </summary>
public static class LectureReplay
{
    /// <summary>The seed the lecture passes to <c>manual_seed</c>: 2147483647 (2^31 − 1).</summary>
    public const ulong LectureSeed = 2147483647;

    /// <summary>
    /// Samples <paramref name="count"/> names, one generator continuing across them, each drawn symbol by symbol
    /// with <c>torch.multinomial(P[ix], 1, replacement=True)</c> (see <see cref="Torch.Multinomial(TorchGenerator, ReadOnlySpan{float}, bool, TorchMultinomial)"/>)
    /// from row 0 until index 0 comes up.
    /// </summary>
    /// <param name="probabilities">The V×V table P, row-major (<c>P[previous * V + next]</c>); each row a distribution (any positive total).</param>
    /// <param name="alphabet">The V symbols, index 0 being the start/end token ('.').</param>
    /// <param name="count">How many names to sample.</param>
    /// <param name="seed">The generator's seed (<see cref="LectureSeed"/> in the lecture).</param>
    /// <param name="algorithm">Which PyTorch release's <c>torch.multinomial</c> to reproduce.</param>
    /// <returns>The names as the lecture prints them: the symbols drawn, ending with the end token (e.g. "mor.").</returns>
    /// <exception cref="ArgumentException">
    /// The alphabet is empty; the table is not V×V; a row reachable from the start is not a valid distribution
    /// (a negative, infinite or NaN entry, or all zero); or some reachable symbol can never lead to the end token,
    /// so the loop could run forever.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, or <paramref name="algorithm"/> is undefined.</exception>
    /// <exception cref="InvalidOperationException">A name grew past 2^20 characters (the end is out of reach as the draws realise the table).</exception>
    public static string[] SampleNames(
        ReadOnlySpan<float> probabilities, ReadOnlySpan<char> alphabet, int count, ulong seed, TorchMultinomial algorithm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (algorithm is not (TorchMultinomial.Legacy or TorchMultinomial.Modern))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown multinomial algorithm.");
        }

        int v = alphabet.Length;
        if (v == 0)
        {
            throw new ArgumentException("The alphabet is empty; index 0 must be the start/end token.", nameof(alphabet));
        }

        if (probabilities.Length != v * v)
        {
            throw new ArgumentException($"A {v}-symbol alphabet needs a {v}×{v} table of {v * v} probabilities, not {probabilities.Length}.", nameof(probabilities));
        }

        BigramChain.ThrowIfNameCanRunForever(probabilities, alphabet, nameof(probabilities));

        var generator = new TorchGenerator(seed);
        var names = new string[count];
        var name = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            name.Clear();
            int ix = 0;
            do
            {
                ix = Torch.Multinomial(generator, probabilities.Slice(ix * v, v), replacement: true, algorithm);
                name.Append(alphabet[ix]);
                if (name.Length > BigramSampler.MaxStringSampleLength)
                {
                    // A positive probability torch.multinomial cannot draw (one its float cumulative sum rounds
                    // away) can leave the end out of reach although the table allows it.
                    throw new InvalidOperationException($"A name grew past {BigramSampler.MaxStringSampleLength} characters: the end token is out of reach as torch.multinomial draws this table.");
                }
            }
            while (ix != 0);

            names[i] = name.ToString();
        }

        return names;
    }

    /// <summary>
    /// <see cref="SampleNames(ReadOnlySpan{float}, ReadOnlySpan{char}, int, ulong, TorchMultinomial)"/> on a model's
    /// float probabilities and alphabet. For the lecture's model, <see cref="LanguageModel.FromText(string, int, Smoothing?, long)"/>
    /// with the default order 2 and α = 1, these equal the lecture's <c>P = (N+1).float(); P /= P.sum(1, keepdims=True)</c> exactly.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="count">How many names to sample.</param>
    /// <param name="seed">The generator's seed.</param>
    /// <param name="algorithm">Which PyTorch release's <c>torch.multinomial</c> to reproduce.</param>
    /// <returns>The names, each ending with '.'.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The model is not a dense bigram model (order 2, additive smoothing), or its table cannot be replayed (see the span overload).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, or <paramref name="algorithm"/> is undefined.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "The span overload takes the table itself; this one takes a model and defaults to the lecture's cell.")]
    public static string[] SampleNames(LanguageModel model, int count, ulong seed = LectureSeed, TorchMultinomial algorithm = TorchMultinomial.Legacy)
    {
        ArgumentNullException.ThrowIfNull(model);
        return SampleNames(model.DenseBigramProbabilities(nameof(model)), model.Alphabet, count, seed, algorithm);
    }
}
