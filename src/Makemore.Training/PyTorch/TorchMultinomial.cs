namespace Makemore.PyTorch;

/// <summary>Which PyTorch release's <c>torch.multinomial</c> on the CPU to reproduce (see <see cref="Torch.Multinomial(TorchGenerator, System.ReadOnlySpan{float}, System.Span{int}, bool, TorchMultinomial)"/>).</summary>
public enum TorchMultinomial
{
    /// <summary>
    /// PyTorch 1.x, as in the makemore video: sampling with replacement always inverts the normalised
    /// cumulative distribution with one double uniform per sample.
    /// </summary>
    Legacy = 0,

    /// <summary>
    /// PyTorch 2.x: a single sample, even with replacement, is drawn with the exponential race
    /// (argmax of p / q, q ~ Exp(1), one double uniform per category); more samples with replacement still
    /// take the cumulative-distribution path.
    /// </summary>
    Modern = 1,
}
