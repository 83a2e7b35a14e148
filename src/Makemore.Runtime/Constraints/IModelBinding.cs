namespace Makemore.Constraints;

/// <summary>
/// <see cref="SamplingOptions"/> bound to one model (the count models' <see cref="ConstrainedSampler"/>, a
/// transformer's conditions): what the options keep per model they served, made by one binding cache.
/// </summary>
/// <typeparam name="TSelf">The binding type itself.</typeparam>
internal interface IModelBinding<TSelf>
    where TSelf : class, IModelBinding<TSelf>
{
    /// <summary>The model the binding serves (its generated class, or its <see cref="LanguageModel"/>).</summary>
    object Owner { get; }

    /// <summary>Binds the options to the model.</summary>
    static abstract TSelf Create(SamplingOptions options, scoped in ModelTables tables, object owner);
}
