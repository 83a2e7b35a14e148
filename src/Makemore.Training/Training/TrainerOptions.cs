using System;
using Makemore.Lecture;
using Makemore.PyTorch;
using Makemore.Symbols;

namespace Makemore.Training;

/// <summary>
/// Settings of a <see cref="BigramTrainer"/>. The defaults are the lecture's: learning rate 50, regularization
/// 0.01, seed <see cref="LectureReplay.LectureSeed"/>. Every property checks its value when it is set, so an
/// instance is always valid.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>The lecture's learning rate: <c>W.data += -50 * W.grad</c>.</summary>
    public const double DefaultLearningRate = 50;

    /// <summary>The lecture's regularization strength: <c>loss += 0.01 * (W**2).mean()</c>.</summary>
    public const double DefaultRegularization = 0.01;

    /// <summary>The lecture's seed, <see cref="LectureReplay.LectureSeed"/>: <c>torch.Generator().manual_seed(2147483647)</c>.</summary>
    public const ulong DefaultSeed = LectureReplay.LectureSeed;

    /// <summary>The step size of gradient descent: each step does <c>W −= LearningRate · ∇loss</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite positive number.</exception>
    public double LearningRate
    {
        get;
        init
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "LearningRate must be a finite positive number.");
            }

            field = value;
        }
    } = DefaultLearningRate;

    /// <summary>λ, the weight of the penalty <c>λ · mean(W²)</c> added to the loss; 0 turns it off.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Regularization
    {
        get;
        init
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Regularization must be a finite, non-negative number.");
            }

            field = value;
        }
    } = DefaultRegularization;

    /// <summary>
    /// The seed of the <see cref="TorchGenerator"/> that draws the initial W, so that a run starts from the
    /// same weights as PyTorch's <c>W = torch.randn((V, V), generator=g)</c>.
    /// </summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>Which gradient computation <see cref="BigramTrainer.Step"/> uses (<see cref="TrainerGradient.Grouped"/> by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a member of <see cref="TrainerGradient"/>.</exception>
    public TrainerGradient Gradient
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Gradient must be PerExample or Grouped.");
            }

            field = value;
        }
    } = TrainerGradient.Grouped;

    /// <summary>
    /// The most threads a <see cref="TrainerGradient.PerExample"/> step uses (<see cref="Environment.ProcessorCount"/>
    /// by default). The result does not depend on it: the examples are split into a fixed number of chunks
    /// whatever the thread count, and the chunks' sums are added in chunk order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = Environment.ProcessorCount;

    /// <summary>
    /// The symbols W is indexed by: '.' first, then symbols sorted ordinally; <c>null</c> (the default) takes the
    /// training text's own. A fixed alphabet scores a small text under a larger vocabulary, as the lecture does
    /// when it evaluates the 27×27 W on the five bigrams of "emma".
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The value is not '.' followed by 1 to 255 distinct, ordinally sorted symbols, or a symbol is a second '.',
    /// a control, format or whitespace character, or half of a surrogate pair; the message names the character
    /// (U+XXXX) and its index.
    /// </exception>
    public string? Alphabet
    {
        get;
        init
        {
            if (value is not null)
            {
                AlphabetValidation.ThrowIfInvalid(value, nameof(value));
            }

            field = value;
        }
    }
}
