namespace Makemore.Demo;

/// <summary>
/// The lecture series' own losses, printed beside ours for reference. Only numbers the notebooks print are
/// listed; the networks' test losses were never published.
/// </summary>
internal static class PublishedResults
{
    public sealed record Result(string Model, string Where, double? Train, double? Dev);

    public static readonly Result[] All =
    [
        // makemore part 1 (karpathy/nn-zero-to-hero, lectures/makemore/makemore_part1_bigrams.ipynb): the +1-smoothed
        // count model's loss, 2.454577, measured on all 32,033 names it was counted from (there is no split in part 1): a training loss.
        new("bigram counts, α = 1", "part 1, all names", 2.454577, null),

        // makemore part 3 (lectures/makemore/makemore_part3_bn.ipynb, "loss log"): the MLP of part 2 (3-character
        // context, 200 hidden units) after "fix tanh layer too saturated at init": train 2.0356, val 2.1027.
        new("MLP, 3-character context", "part 3, init fixed", 2.0355966091156006, 2.1026785373687744),

        // makemore part 5 (lectures/makemore/makemore_part5_cnn1.ipynb, "performance log"): the WaveNet-style
        // hierarchical net, "scale up the network: n_embd 24, n_hidden 128 (76K params): train 1.769, val 1.993".
        new("WaveNet-style, 8 characters", "part 5, 76K params", 1.7690284252166748, 1.9936515092849731),
    ];
}
