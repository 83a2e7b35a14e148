using System;
using System.Globalization;

namespace Makemore.Training.Transformer;

/// <summary>The loss became NaN or infinite, or rose far above a uniform guess's: training stopped.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for a step, its loss and its learning rate.</summary>
    /// <param name="step">The step (from 1) whose loss diverged.</param>
    /// <param name="loss">Its loss.</param>
    /// <param name="learningRate">Its learning rate.</param>
    public TrainingDivergedException(int step, double loss, double learningRate)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"Training diverged at step {step:N0}: the loss is {loss:G6} at learning rate {learningRate:G6}. Try a lower learning rate, a longer warm-up or gradient clipping."))
    {
        Step = step;
        Loss = loss;
        LearningRate = learningRate;
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    /// <param name="message">The message.</param>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The step whose loss diverged.</summary>
    public int Step { get; }

    /// <summary>Its loss.</summary>
    public double Loss { get; }

    /// <summary>Its learning rate.</summary>
    public double LearningRate { get; }
}
