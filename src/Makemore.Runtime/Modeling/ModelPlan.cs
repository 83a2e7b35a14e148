// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling;

/// <summary>
/// What a names list becomes apart from its names: the settings, and for Kneser–Ney the parameters tuned on the
/// list's own held-out folds. This is the expensive part of building a model, and the part that involves choices:
/// the generator makes it at build time and writes it into the generated class (<see cref="ModelRecipe"/>), from
/// which the runtime lays the tables out on first use, by the same code (<c>LanguageModelData.Build</c>).
/// </summary>
internal sealed class ModelPlan
{
    public ModelPlan(ModelSettings settings, KneserNeyParameters? parameters)
    {
        Settings = settings;
        Parameters = parameters;
    }

    public ModelSettings Settings { get; }

    /// <summary>The tuned Kneser–Ney parameters (null for additive smoothing).</summary>
    public KneserNeyParameters? Parameters { get; }

    /// <summary>Tunes what a list needs (Kneser–Ney's parameters) and returns the counts made on the way, or null when none were.</summary>
    public static ModelPlan Make(NameList names, ModelSettings settings, out NGramCounts? counts)
    {
        counts = null;
        if (settings.Smoothing != NGramSmoothingKind.KneserNey)
        {
            return new ModelPlan(settings, null);
        }

        KneserNeyParameters parameters = KneserNeyTuner.Tune(names, settings.Order, out NGramCounts tuned);
        counts = tuned;
        return new ModelPlan(settings, parameters);
    }
}
