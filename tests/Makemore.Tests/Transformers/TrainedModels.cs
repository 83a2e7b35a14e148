using System;
using Makemore.Transformers;
using Makemore.Tests.Training.Transformer;
using Makemore.Training.Transformer;

namespace Makemore.Tests.Transformers;

/// <summary>A tiny transformer trained once for the inference tests, as its trainer and as the bytes of its weights file.</summary>
internal static class TrainedModels
{
    private static readonly Lazy<(TransformerTrainer Trainer, byte[] File)> Tiny = new(() =>
    {
        TransformerTrainer trainer = TinyTransformer.Trainer(TinyTransformer.Options(steps: 80));
        trainer.Train();
        return (trainer, trainer.ToWeightsFile());
    });

    /// <summary>Two blocks, two heads, embedding 8, context 6, alphabet ".abcde", trained 80 steps on <see cref="TinyTransformer.Train"/>.</summary>
    public static TransformerTrainer TinyTrainer => Tiny.Value.Trainer;

    public static byte[] TinyFile => Tiny.Value.File;

    public static TransformerWeights TinyWeights => TransformerWeights.Read(Tiny.Value.File);
}
