using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Makemore.Modeling.Neural;
using Makemore.Transformers;

namespace Makemore.Training.Transformer;

/// <summary>
/// Trains makemore.py's character transformer on a names list in managed code: forward and backward passes written
/// out layer by layer, AdamW, a warm-up and cosine learning rate schedule, each batch split over
/// <see cref="TransformerOptions.Threads"/> threads. It evaluates the held-out part every
/// <see cref="TransformerOptions.EvaluationInterval"/> steps, keeps the checkpoint with the best held-out loss and
/// writes it as the weights file the Makemore runtime and generator read.
/// </summary>
/// <example>
/// <code>
/// var split = LectureSplit.FromText(File.ReadAllText("names.txt"));
/// var trainer = new TransformerTrainer(split.Train, split.Dev, split.Test, new TransformerOptions { MaxDuration = TimeSpan.FromMinutes(15) });
/// TransformerTrainingResult result = trainer.Train();
/// File.WriteAllBytes("names.weights", trainer.ToWeightsFile());
/// </code>
/// </example>
public sealed class TransformerTrainer
{
    /// <summary>makemore.py's AdamW betas.</summary>
    private const float Beta1 = 0.9f;

    private const float Beta2 = 0.99f;

    private const float AdamEpsilon = 1e-8f;

    /// <summary>Names a thread evaluates at a time.</summary>
    private const int EvaluationChunk = 64;

    private readonly TransformerOptions _options;
    private readonly SymbolTable _symbols;
    private readonly EncodedNames _train;
    private readonly EncodedNames _heldOut;
    private readonly EncodedNames? _test;
    private readonly float[] _parameters;

    /// <summary>The running average of the weights (<see cref="TransformerOptions.WeightAverage"/>), or null.</summary>
    private readonly float[]? _average;
    private readonly float[] _transposed;
    private readonly float[][] _gradients;
    private readonly Activations[] _workers;
    private readonly Activations[] _evaluators;
    private readonly double[] _threadLosses;
    private readonly AdamW _adam;
    private readonly int[] _order;
    private readonly int[] _batch;
    private readonly ParallelOptions _parallel;
    private Xoshiro256StarStar _batchRng;
    private int _orderPosition;
    private int _step;
    private string _summary = "untrained";

    /// <summary>Prepares a run: the alphabet of all parts, the shape, the initial weights from the seed.</summary>
    /// <param name="train">The names to fit.</param>
    /// <param name="heldOut">The names whose loss chooses the checkpoint kept (the lecture's dev part).</param>
    /// <param name="test">Names to judge the checkpoint kept, once, at the end; null for none.</param>
    /// <param name="options">The shape and the recipe.</param>
    /// <exception cref="ArgumentException">An option is out of range, a part is empty, or a name is longer than the context allows.</exception>
    public TransformerTrainer(IReadOnlyList<string> train, IReadOnlyList<string> heldOut, IReadOnlyList<string>? test, TransformerOptions options)
        : this(train, heldOut, test, options, InitializationScheme.Gpt2)
    {
    }

    internal TransformerTrainer(IReadOnlyList<string> train, IReadOnlyList<string> heldOut, IReadOnlyList<string>? test, TransformerOptions options, InitializationScheme initialization)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        if (train.Count == 0 || heldOut.Count == 0)
        {
            throw new ArgumentException("The train and held-out parts must each hold at least one name.", train.Count == 0 ? nameof(train) : nameof(heldOut));
        }

        _options = options;
        _symbols = new SymbolTable(AlphabetOf(train.Concat(heldOut).Concat(test ?? [])));
        _train = _symbols.Encode(train, "train");
        _heldOut = _symbols.Encode(heldOut, "held-out");
        _test = test is null || test.Count == 0 ? null : _symbols.Encode(test, "test");
        int longest = Math.Max(Math.Max(_train.LongestName, _heldOut.LongestName), _test?.LongestName ?? 0);
        int context = options.Context ?? (longest + 1);
        if (context < longest + 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Context {context} is too short for the longest name ({longest} characters): it must be at least {longest + 1}."), nameof(options));
        }

        Layout = new NeuralLayout(options.Layers, options.Heads, options.Embedding, context, _symbols.Count);
        if (NeuralLayout.CountParameters(options.Layers, options.Embedding, context, _symbols.Count) > NeuralFormat.MaxParameters)
        {
            throw new ArgumentException("The model is too large for the weights file (at most 2^28 parameters).", nameof(options));
        }

        int threads = options.Threads;
        int namesPerThread = (options.BatchSize + threads - 1) / threads;
        _parameters = new float[Layout.ParameterCount];
        _transposed = new float[Layout.ParameterCount];
        _gradients = new float[threads][];
        _workers = new Activations[threads];
        _evaluators = new Activations[threads];
        _threadLosses = new double[threads];
        for (int t = 0; t < threads; t++)
        {
            _gradients[t] = new float[Layout.ParameterCount];
            _workers[t] = new Activations(Layout, namesPerThread, training: true);
            if (options.Dropout > 0)
            {
                _workers[t].DropoutMasks = new float[TransformerPass.MaskSites(Layout) * _workers[t].MaxTokens * Layout.Embedding];
            }

            _evaluators[t] = new Activations(Layout, EvaluationChunk, training: false);
        }

        _adam = new AdamW(Layout, Beta1, Beta2, AdamEpsilon);
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var rng = new Xoshiro256StarStar(options.Seed);
        Initialization.Initialize(Layout, _parameters, initialization, ref rng);
        _average = options.WeightAverage > 0 ? (float[])_parameters.Clone() : null;
        TransformerPass.TransposeWeights(Layout, _parameters, _transposed, 0, 1);
        rng.Jump();
        _batchRng = rng;
        _order = Enumerable.Range(0, _train.Count).ToArray();
        _orderPosition = _order.Length;
        _batch = new int[options.BatchSize];
    }

    /// <summary>The model's alphabet: index 0 stands for the boundary token, then the characters in increasing order.</summary>
    public string Alphabet => _symbols.Alphabet;

    /// <summary>Positions: a name has at most <see cref="Context"/> − 1 characters.</summary>
    public int Context => Layout.Context;

    /// <summary>The model's parameters.</summary>
    public int ParameterCount => Layout.ParameterCount;

    /// <summary>Steps taken so far.</summary>
    public int Step => _step;

    internal NeuralLayout Layout { get; }

    /// <summary>The current weights, in <see cref="NeuralLayout"/> order (tests read and set them).</summary>
    internal float[] Parameters => _parameters;

    /// <summary>The weights the held-out loss is measured on and the checkpoint is taken from: the average when kept.</summary>
    private float[] Evaluated => _average ?? _parameters;

    /// <summary>
    /// Trains for <see cref="TransformerOptions.Steps"/> steps or until <see cref="TransformerOptions.MaxDuration"/>,
    /// then keeps the checkpoint with the best held-out loss.
    /// </summary>
    /// <param name="progress">Told after every step.</param>
    /// <param name="cancellationToken">Stops the run after the current step; the best checkpoint is kept.</param>
    /// <returns>How the run went.</returns>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite, or rose above three times a uniform guess's.</exception>
    public TransformerTrainingResult Train(IProgress<TransformerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        float[] best = (float[])Evaluated.Clone();
        double bestLoss = double.NaN;
        double heldOutLoss = double.NaN;
        int bestStep = _step;
        double trainLoss = double.NaN;
        int steps = _options.Steps;
        bool stoppedEarly = false;
        double divergence = 3 * Math.Log(Layout.Vocabulary);
        while (_step < steps)
        {
            double learningRate = LearningRate(_step + 1);
            trainLoss = TrainStep((float)learningRate);
            if (!double.IsFinite(trainLoss) || trainLoss > divergence)
            {
                throw new TrainingDivergedException(_step, trainLoss, learningRate);
            }

            bool outOfTime = _options.MaxDuration is { } limit && clock.Elapsed >= limit;
            stoppedEarly = (outOfTime || cancellationToken.IsCancellationRequested) && _step < steps;
            if (_step % _options.EvaluationInterval == 0 || _step == steps || stoppedEarly)
            {
                heldOutLoss = Evaluate(_heldOut);
                if (!(heldOutLoss >= bestLoss))
                {
                    bestLoss = heldOutLoss;
                    bestStep = _step;
                    Evaluated.CopyTo(best, 0);
                }
            }

            progress?.Report(new TransformerProgress(_step, steps, trainLoss, heldOutLoss, bestLoss, learningRate, clock.Elapsed, Remaining(clock.Elapsed)));
            if (stoppedEarly)
            {
                break;
            }
        }

        best.CopyTo(_parameters, 0);
        if (_average is not null)
        {
            best.CopyTo(_average, 0);
        }

        TransformerPass.TransposeWeights(Layout, _parameters, _transposed, 0, 1);
        double testLoss = _test is null ? double.NaN : Evaluate(_test);
        string test = double.IsNaN(testLoss) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", test loss {testLoss:F4}");
        _summary = string.Create(
            CultureInfo.InvariantCulture,
            $"step {bestStep:N0} of {_step:N0} (batch {_options.BatchSize}, learning rate {_options.LearningRate:G4}, warm-up {_options.WarmupSteps}, weight decay {_options.WeightDecay:G4}, dropout {_options.Dropout:G4}, weight average {_options.WeightAverage:G4}, seed {_options.Seed}), held-out loss {bestLoss:F4}{test}");
        return new TransformerTrainingResult(_step, bestStep, bestLoss, testLoss, trainLoss, clock.Elapsed, stoppedEarly);

        TimeSpan Remaining(TimeSpan elapsed)
        {
            TimeSpan left = _step == 0 ? TimeSpan.Zero : elapsed / _step * (steps - _step);
            return _options.MaxDuration is { } max && max - elapsed < left ? (max - elapsed < TimeSpan.Zero ? TimeSpan.Zero : max - elapsed) : left;
        }
    }

    /// <summary>The mean negative log-likelihood per token (each name's characters and its end) of names under the current weights.</summary>
    /// <param name="names">Names made of the model's alphabet, none longer than <see cref="Context"/> − 1.</param>
    /// <returns>Nats per token.</returns>
    public double Evaluate(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return Evaluate(_symbols.Encode(names, "given"));
    }

    /// <summary>The weights file of the current weights (after <see cref="Train"/>, the best checkpoint's).</summary>
    /// <returns>The file's bytes.</returns>
    public byte[] ToWeightsFile() => ToWeightsFile(_options.Precision);

    /// <summary>The weights file of the current weights at a given precision, whatever the options ask.</summary>
    internal byte[] ToWeightsFile(TransformerWeightPrecision precision) => NeuralWeightsWriter.Write(
        Layout,
        _symbols.Alphabet,
        _parameters,
        string.Create(
            CultureInfo.InvariantCulture,
            $"makemore transformer: {Layout.Layers} layers, {Layout.Heads} heads, embedding {Layout.Embedding}, context {Layout.Context}, {Layout.ParameterCount:N0} parameters; {_summary}."),
        precision == TransformerWeightPrecision.Half ? NeuralElementType.Float16 : NeuralElementType.Float32);

    /// <summary>Each name's negative log-likelihood under the current weights (its characters and its end), in order.</summary>
    internal double[] NameLosses(IReadOnlyList<string> names)
    {
        EncodedNames encoded = _symbols.Encode(names, "given");
        var losses = new double[encoded.Count];
        ForEachChunk(encoded, (a, first) =>
        {
            PackedNames packed = a.Names;
            for (int s = 0; s < packed.NameCount; s++)
            {
                losses[first + s] = SequenceLoss(a, s);
            }

            return 0;
        });
        return losses;
    }

    /// <summary>
    /// The loss of names <paramref name="indices"/> of the train part and its gradient (into <paramref name="gradient"/>),
    /// as one step computes them, without updating the weights (for the gradient checks).
    /// </summary>
    internal double LossAndGradient(int[] indices, float[] gradient)
    {
        indices.CopyTo(_batch, 0);
        double loss = ForwardBackward(indices.Length, dropout: 0, seed: 0);
        AdamW.SumGradients(_gradients, 0, gradient.Length);
        _gradients[0].CopyTo(gradient, 0);
        return loss;
    }

    /// <summary>One optimisation step on the next batch, at the schedule's learning rate; returns the batch's loss (for benchmarks).</summary>
    internal double StepOnce() => TrainStep((float)LearningRate(_step + 1));

    /// <summary>The weights changed from outside (a test): the transposes follow.</summary>
    internal void ParametersChanged() => TransformerPass.TransposeWeights(Layout, _parameters, _transposed, 0, 1);

    /// <summary>The learning rate of step <paramref name="step"/> (from 1): linear warm-up, then cosine decay to the final share.</summary>
    internal double LearningRate(int step)
    {
        double peak = _options.LearningRate;
        int warmup = _options.WarmupSteps;
        if (step <= warmup)
        {
            return peak * step / warmup;
        }

        double progress = (double)(step - warmup) / Math.Max(1, _options.Steps - warmup);
        double floor = peak * _options.FinalLearningRateShare;
        return floor + ((peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress))));
    }

    private static string AlphabetOf(IEnumerable<string> names)
    {
        var seen = new SortedSet<char>();
        foreach (string name in names)
        {
            foreach (char ch in name)
            {
                seen.Add(ch);
            }
        }

        // The boundary's stand-in: '.' unless the names use it.
        char boundary = seen.Contains('.') ? '\0' : '.';
        return boundary + new string(seen.ToArray());
    }

    private static void Validate(TransformerOptions options)
    {
        TransformerOptions o = options;
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message, nameof(options));
            }
        }

        Check(o.Layers is >= 1 and <= NeuralFormat.MaxLayers, $"Layers must be from 1 to {NeuralFormat.MaxLayers}; got {o.Layers}.");
        Check(o.Embedding is >= 1 and <= NeuralFormat.MaxEmbedding, $"Embedding must be from 1 to {NeuralFormat.MaxEmbedding}; got {o.Embedding}.");
        Check(o.Heads >= 1 && o.Embedding % o.Heads == 0, $"Heads must divide the embedding size {o.Embedding}; got {o.Heads}.");
        Check(o.Context is null or (>= 2 and <= NeuralFormat.MaxContext), $"Context must be from 2 to {NeuralFormat.MaxContext}; got {o.Context}.");
        Check(o.BatchSize >= 1, $"The batch size must be at least 1; got {o.BatchSize}.");
        Check(double.IsFinite(o.LearningRate) && o.LearningRate > 0, $"The learning rate must be a finite number > 0; got {o.LearningRate}.");
        Check(o.WarmupSteps >= 0, $"The warm-up must be at least 0 steps; got {o.WarmupSteps}.");
        Check(o.FinalLearningRateShare is >= 0 and <= 1, $"The final learning rate share must be from 0 to 1; got {o.FinalLearningRateShare}.");
        Check(o.WeightDecay is >= 0 and < 1, $"The weight decay must be from 0 to 1 (excluded); got {o.WeightDecay}.");
        Check(o.Dropout is >= 0 and < 1, $"Dropout must be from 0 to 1 (excluded); got {o.Dropout}.");
        Check(o.WeightAverage is >= 0 and < 1, $"The weight average's decay must be from 0 to 1 (excluded); got {o.WeightAverage}.");
        Check(o.GradientClip >= 0 && double.IsFinite(o.GradientClip), $"The gradient clip must be a finite number ≥ 0; got {o.GradientClip}.");
        Check(o.Steps >= 1, $"Steps must be at least 1; got {o.Steps}.");
        Check(o.EvaluationInterval >= 1, $"The evaluation interval must be at least 1 step; got {o.EvaluationInterval}.");
        Check(o.Threads is >= 1 and <= 256, $"Threads must be from 1 to 256; got {o.Threads}.");
        Check(o.MaxDuration is null || o.MaxDuration > TimeSpan.Zero, $"The time limit must be positive; got {o.MaxDuration}.");
    }

    /// <summary>One optimisation step; returns the batch's loss.</summary>
    private double TrainStep(float learningRate)
    {
        FillBatch();
        _step++;
        double loss = ForwardBackward(_options.BatchSize, (float)_options.Dropout, (ulong)_step);
        int threads = _options.Threads;
        int count = Layout.ParameterCount;
        var norms = new double[threads];
        Parallel.For(0, threads, _parallel, t => norms[t] = AdamW.SumGradients(_gradients, Part(count, t, threads), Part(count, t + 1, threads)));
        double norm = Math.Sqrt(norms.Sum());
        float scale = _options.GradientClip > 0 && norm > _options.GradientClip ? (float)(_options.GradientClip / norm) : 1f;
        Parallel.For(0, threads, _parallel, t =>
        {
            int from = Part(count, t, threads);
            int to = Part(count, t + 1, threads);
            _adam.Update(_parameters, _gradients[0], from, to, _step, learningRate, (float)_options.WeightDecay, scale);
            if (_average is not null)
            {
                // The average's decay starts low and rises to its setting, so that the first steps do not weigh on it for long.
                float decay = (float)Math.Min(_options.WeightAverage, (1.0 + _step) / (10.0 + _step));
                AdamW.Average(_average, _parameters, from, to, decay);
            }
        });
        Parallel.For(0, threads, _parallel, t => TransformerPass.TransposeWeights(Layout, _parameters, _transposed, t, threads));
        return loss;
    }

    /// <summary>Forward and backward over the first <paramref name="names"/> of <see cref="_batch"/>, each thread its share.</summary>
    private double ForwardBackward(int names, float dropout, ulong seed)
    {
        int threads = _options.Threads;
        long tokens = 0;
        for (int i = 0; i < names; i++)
        {
            tokens += PackedNames.PositionsOf(_train[_batch[i]].Length, Layout.Context);
        }

        float gradientScale = 1f / tokens;
        float epsilon = NeuralWeightsWriter.DefaultLayerNormEpsilon;
        Parallel.For(0, threads, _parallel, t =>
        {
            Activations a = _workers[t];
            int first = Part(names, t, threads);
            a.Names.Pack(_train, _batch.AsSpan(first, Part(names, t + 1, threads) - first));
            Array.Clear(_gradients[t]);
            var rng = new Xoshiro256StarStar(Xoshiro256StarStar.Mix(_options.Seed ^ Xoshiro256StarStar.Mix((seed * (ulong)threads) + (ulong)t)));
            TransformerPass.Forward(a, _parameters, epsilon, dropout, ref rng);
            _threadLosses[t] = SoftmaxCrossEntropy.ForwardBackward(a.Logits, a.Names.Targets, a.Names.TokenCount, Layout.Vocabulary, gradientScale);
            TransformerPass.Backward(a, _parameters, _transposed, _gradients[t], dropout);
        });

        return _threadLosses.Sum() / tokens;
    }

    /// <summary>The next batch: names in a shuffled order, reshuffled after each pass over the train part.</summary>
    private void FillBatch()
    {
        for (int i = 0; i < _batch.Length; i++)
        {
            if (_orderPosition == _order.Length)
            {
                for (int j = _order.Length - 1; j > 0; j--)
                {
                    int k = (int)((_batchRng.NextUInt64() >> 32) * (ulong)(j + 1) >> 32);
                    (_order[j], _order[k]) = (_order[k], _order[j]);
                }

                _orderPosition = 0;
            }

            _batch[i] = _order[_orderPosition++];
        }
    }

    private double Evaluate(EncodedNames names)
    {
        double total = ForEachChunk(names, (a, _) =>
        {
            double sum = 0;
            for (int s = 0; s < a.Names.NameCount; s++)
            {
                sum += SequenceLoss(a, s);
            }

            return sum;
        });
        return total / names.TokenCount;
    }

    /// <summary>
    /// Runs the forward pass over the names in chunks of <see cref="EvaluationChunk"/>, chunk k on thread k mod threads,
    /// and sums what <paramref name="measure"/> returns per chunk in chunk order: the same total whatever the timing.
    /// </summary>
    private double ForEachChunk(EncodedNames names, Func<Activations, int, double> measure)
    {
        int threads = _options.Threads;
        int chunks = (names.Count + EvaluationChunk - 1) / EvaluationChunk;
        var sums = new double[chunks];
        Parallel.For(0, threads, _parallel, t =>
        {
            Activations a = _evaluators[t];
            Span<int> indices = stackalloc int[EvaluationChunk];
            var none = default(Xoshiro256StarStar);
            for (int chunk = t; chunk < chunks; chunk += threads)
            {
                int first = chunk * EvaluationChunk;
                int count = Math.Min(EvaluationChunk, names.Count - first);
                for (int i = 0; i < count; i++)
                {
                    indices[i] = first + i;
                }

                a.Names.Pack(names, indices.Slice(0, count));
                TransformerPass.Forward(a, Evaluated, NeuralWeightsWriter.DefaultLayerNormEpsilon, 0, ref none);
                sums[chunk] = measure(a, first);
            }
        });

        double total = 0;
        foreach (double sum in sums)
        {
            total += sum;
        }

        return total;
    }

    /// <summary>The negative log-likelihood of packed name <paramref name="s"/> from the logits of the last forward pass.</summary>
    private static double SequenceLoss(Activations a, int s)
    {
        PackedNames packed = a.Names;
        int vocabulary = a.Layout.Vocabulary;
        double sum = 0;
        int start = packed.Starts[s];
        for (int t = start; t < start + packed.Lengths[s]; t++)
        {
            sum += SymbolSoftmax.NegativeLogProbability(a.Logits.AsSpan(t * vocabulary, vocabulary), packed.Targets[t]);
        }

        return sum;
    }

    private static int Part(int count, int part, int parts) => (int)((long)count * part / parts);
}
