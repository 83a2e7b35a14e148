using System.Globalization;
using System.Numerics.Tensors;
using System;
using Makemore.Modeling.Smoothing;
using Makemore.Modeling.Tables;
using Makemore.PyTorch;

namespace Makemore.Training;

/// <summary>
/// Trains the lecture's one-layer network on a names list: <c>one-hot(x) → W (V×V) → softmax</c>, by full-batch
/// gradient descent on <c>loss = mean NLL over all bigrams + λ · mean(W²)</c>, with a hand-written backward pass.
/// </summary>
/// <remarks>
/// <para>
/// A run follows the lecture's PyTorch loop: W starts as <c>torch.randn((V, V), generator=g)</c> drawn by a
/// <see cref="TorchGenerator"/> seeded with <see cref="TrainerOptions.Seed"/>, and each <see cref="Step"/>
/// computes the loss (the value the lecture prints), then does <c>W.data += -LearningRate * W.grad</c>.
/// Softmax rows are computed in float as PyTorch does; the loss and the gradient are summed in double and each
/// update is rounded to float once, so the numbers agree with PyTorch's to float precision rather than bit for
/// bit (the lecture's first loss, 3.768618583679199, comes out as 3.76861872571098 here).
/// </para>
/// <para>
/// The network converges towards the count model: the λ · mean(W²) penalty smooths its rows much as additive
/// smoothing smooths the counts, though not identically (rare rows differ most; see
/// <see cref="CompareWith(LanguageModel)"/>). <see cref="ToModel"/> turns the trained rows into a
/// <see cref="LanguageModel"/> that samples and scores like any other.
/// </para>
/// <para>
/// A step allocates no arrays (a multi-threaded <see cref="TrainerGradient.PerExample"/> step allocates only
/// the bookkeeping of <see cref="System.Threading.Tasks.Parallel"/>). An instance is not thread-safe.
/// </para>
/// </remarks>
public sealed class BigramTrainer
{
    private readonly BigramTrainingSet _data;
    private readonly BigramObjective<float> _objective;
    private readonly float[] _weights;
    private readonly double[] _gradient;
    private readonly double[] _weightsInDouble;
    private readonly double[] _logSumExp;

    /// <summary>Prepares training on a names list with the lecture's settings (see <see cref="TrainerOptions"/>).</summary>
    /// <param name="trainingText">One name per line (LF, CRLF or CR); surrounding whitespace trimmed, blank lines skipped.</param>
    /// <exception cref="ArgumentException">The text is not a valid names list; the message names the first offending character.</exception>
    public BigramTrainer(ReadOnlySpan<char> trainingText)
        : this(trainingText, new TrainerOptions())
    {
    }

    /// <summary>Prepares training on a names list: parses it, indexes every bigram and draws the initial W.</summary>
    /// <param name="trainingText">One name per line (LF, CRLF or CR); surrounding whitespace trimmed, blank lines skipped.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The text is not a valid names list; the message names the first offending character.</exception>
    public BigramTrainer(ReadOnlySpan<char> trainingText, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _data = BigramTrainingSet.Parse(trainingText, options.Alphabet, nameof(trainingText));
        _objective = new BigramObjective<float>(_data);
        int cells = _data.VocabularySize * _data.VocabularySize;
        _weights = new float[cells];
        _gradient = new double[cells];
        _weightsInDouble = new double[cells];
        _logSumExp = new double[_data.VocabularySize];
        Torch.Randn(new TorchGenerator(options.Seed), _weights); // W = torch.randn((V, V), generator=g)
    }

    /// <summary>The settings this trainer runs with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>'.' (the start/end token, index 0) followed by every symbol of the names, sorted ordinally.</summary>
    public ReadOnlySpan<char> Alphabet => _data.Alphabet;

    /// <summary>Number of symbols V, the boundary token included.</summary>
    public int VocabularySize => _data.VocabularySize;

    /// <summary>Number of training names.</summary>
    public int NameCount => _data.NameCount;

    /// <summary>Number of training bigrams n: every name's length plus one.</summary>
    public long BigramCount => _data.BigramCount;

    /// <summary>Number of <see cref="Step"/> calls so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The current W, V×V row-major: row x holds the logits that follow symbol x.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>
    /// One step of gradient descent: computes the loss and its gradient at the current W, then does
    /// <c>W −= LearningRate · ∇loss</c>.
    /// </summary>
    /// <returns>The loss before the update, regularization included: the value the lecture's loop prints.</returns>
    /// <exception cref="InvalidOperationException">
    /// Training diverged: the loss is not a finite number, or the update would take a weight beyond float's
    /// range (or to NaN), as a learning rate far too large does within a few steps. W and <see cref="Steps"/>
    /// are left as they were before the step; the message names the step, the loss and the learning rate.
    /// </exception>
    public double Step()
    {
        double loss = _objective.Evaluate(
            _weights, _gradient, Options.Gradient, Options.Regularization, Options.MaxDegreeOfParallelism, out _);

        if (!double.IsFinite(loss) || !GradientDescentUpdate.TryApply(_weights, _gradient, Options.LearningRate, _weightsInDouble))
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Training diverged at step {Steps + 1}: the loss was {loss:G6}, and the update with learning rate " +
                $"{Options.LearningRate:G6} would make W non-finite. Use a smaller learning rate " +
                $"(the lecture's is {TrainerOptions.DefaultLearningRate:G6})."));
        }

        Steps++;
        return loss;
    }

    /// <summary>
    /// The loss at the current W, regularization included: exactly what the next <see cref="Step"/> returns,
    /// computed by the same path (so it costs a step, less the update).
    /// </summary>
    /// <returns>Average NLL per bigram + λ · mean(W²).</returns>
    public double Loss() =>
        _objective.Evaluate(_weights, _gradient, Options.Gradient, Options.Regularization, Options.MaxDegreeOfParallelism, out _);

    /// <summary>The network's average NLL per training bigram at the current W, without the regularization term.</summary>
    /// <returns>The data part of <see cref="Loss"/>.</returns>
    public double AverageNegativeLogLikelihood()
    {
        _objective.Evaluate(
            _weights, _gradient, Options.Gradient, Options.Regularization, Options.MaxDegreeOfParallelism, out double negativeLogLikelihood);
        return negativeLogLikelihood;
    }

    /// <summary>The network's probabilities: the softmax of every row of W.</summary>
    /// <returns>A new V×V row-major table; row x is the distribution of the symbol that follows x.</returns>
    public float[] Probabilities()
    {
        var probabilities = new float[_weights.Length];
        _objective.Softmax(_weights, probabilities, _logSumExp);
        return probabilities;
    }

    /// <summary>
    /// The trained network as a bigram model, <c>LanguageModel.FromProbabilities(Alphabet, Probabilities())</c>, so
    /// that it samples and scores through the same calls as a count model.
    /// </summary>
    /// <returns>A model of the current W.</returns>
    public LanguageModel ToModel() => LanguageModel.FromProbabilities(_data.Alphabet, Probabilities());

    /// <summary>Compares the network with a count model on this trainer's training bigrams.</summary>
    /// <param name="counts">A bigram model over the same alphabet, typically <c>LanguageModel.FromText(trainingText)</c>.</param>
    /// <returns>Both losses and the distance between the two probability tables.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="counts"/> is null.</exception>
    /// <exception cref="ArgumentException">The model is not a dense bigram model (order 2, additive smoothing), or its alphabet differs from <see cref="Alphabet"/>.</exception>
    public AgreementReport CompareWith(LanguageModel counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        BigramModelData bigram = counts.DenseBigram(nameof(counts));
        if (!counts.Alphabet.SequenceEqual(_data.Alphabet))
        {
            throw new ArgumentException(
                $"The model's alphabet \"{counts.Alphabet.ToString()}\" differs from the trainer's \"{_data.Alphabet}\".", nameof(counts));
        }

        return Compare(bigram.LogProbabilities);
    }

    /// <summary>
    /// Compares the network with the count model of its own training names, smoothed with
    /// <paramref name="smoothing"/>: the same as <c>CompareWith(LanguageModel.FromText(trainingText, smoothing: Smoothing.Additive(smoothing)))</c>.
    /// </summary>
    /// <param name="smoothing">α, added to every count (1 by default, as in the lecture).</param>
    /// <returns>Both losses and the distance between the two probability tables.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="smoothing"/> is negative, infinite or NaN.</exception>
    public AgreementReport Agreement(double smoothing = 1.0)
    {
        double[] probabilities = BigramNormalizer.Probabilities(_data.Counts, _data.VocabularySize, smoothing);
        return Compare(BigramNormalizer.Log(probabilities));
    }

    private AgreementReport Compare(ReadOnlySpan<double> countLogProbabilities)
    {
        int v = _data.VocabularySize;
        double n = _data.BigramCount;
        float[] probabilities = Probabilities(); // also fills _logSumExp
        double networkTotal = 0;
        double countTotal = 0;
        double maxDifference = 0;
        double sumDifference = 0;
        double divergence = 0;
        for (int x = 0; x < v; x++)
        {
            ReadOnlySpan<float> logits = _weights.AsSpan(x * v, v);
            double logSumExp = _logSumExp[x];
            double rowDivergence = 0;
            for (int y = 0; y < v; y++)
            {
                double networkLog = logits[y] - logSumExp;
                double countLog = countLogProbabilities[(x * v) + y];
                double countProbability = Math.Exp(countLog);
                double difference = Math.Abs(countProbability - probabilities[(x * v) + y]);
                maxDifference = Math.Max(maxDifference, difference);
                sumDifference += difference;
                if (countProbability > 0)
                {
                    rowDivergence += countProbability * (countLog - networkLog);
                }

                int count = _data.Counts[(x * v) + y];
                if (count > 0)
                {
                    networkTotal -= count * networkLog;
                    countTotal -= count * countLog;
                }
            }

            divergence += _data.RowCounts[x] / n * rowDivergence;
        }

        return new AgreementReport
        {
            Steps = Steps,
            NetworkLoss = networkTotal / n,
            CountModelLoss = countTotal / n,
            MaxAbsoluteDifference = maxDifference,
            MeanAbsoluteDifference = sumDifference / (v * v),
            KullbackLeiblerDivergence = divergence,
        };
    }
}
