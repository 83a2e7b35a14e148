using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using Makemore.Constraints;
using Makemore.Transformers;

namespace Makemore;

/// <summary>
/// What a draw must meet: a prefix, a range of lengths, names that are not in the model's list, a temperature.
/// Create it once and pass it to any model's <c>Sample</c> and <c>SampleUnique</c>: the work that depends on the
/// model (the context after the prefix, the tempered distributions, a table over lengths, the probability of the
/// list's own names) is done at the first draw from each model and kept, so every later draw allocates nothing.
/// </summary>
/// <remarks>
/// <para>
/// Every draw follows the model's distribution <b>conditioned on the options, exactly</b>: a name is returned with
/// probability P(name) / P(every option met), where P is the model at <see cref="Temperature"/>. The prefix is
/// exact by drawing from the context after it; lengths by a dynamic program over (context, length), without
/// rejection; <see cref="Novel"/> (and the distinct names of <c>SampleUnique</c>) by rejection, whose acceptance
/// is computed first from the list's names, so that options that (almost) no name meets throw an
/// <see cref="ArgumentException"/> at once instead of drawing forever.
/// </para>
/// <para>
/// A transformer (<see cref="LanguageModel.FromWeights"/>) has no table over lengths: its state is the whole name so
/// far. Its prefix and temperature are exact by construction as above, its lengths by rejection too; options no name
/// can meet (a length beyond its context) throw at once, rare lengths are drawn for until 2^20 symbols have been spent
/// (a transformer's step costs microseconds, not nanoseconds), and <see cref="ModelTables.Probability(SamplingOptions)"/> of options that bound the lengths throws
/// <see cref="NotSupportedException"/>.
/// </para>
/// <para>An instance is immutable and safe to share between threads.</para>
/// </remarks>
public sealed class SamplingOptions
{
    /// <summary>
    /// The acceptance below which a rejected draw gives up: when the names an option rejects take all but less than
    /// one millionth of the probability, the options are refused rather than drawn for a million times.
    /// </summary>
    public const double MinimumAcceptance = 1e-6;

    private readonly string _prefix = string.Empty;
    private readonly int _minLength;
    private readonly int _maxLength = int.MaxValue;
    private readonly double _temperature = 1;

    // The model this instance last served, and the others it served, each with the work that depends on it.
    private ConstrainedSampler? _last;
    private ConditionalWeakTable<object, ConstrainedSampler>? _others;

    // The same for the transformers it served, whose options are bound by other means.
    private TransformerConditions? _lastTransformer;
    private ConditionalWeakTable<object, TransformerConditions>? _otherTransformers;

    /// <summary>The options of a plain draw: no prefix, any length, any name, temperature 1.</summary>
    public static SamplingOptions None { get; } = new();

    /// <summary>The text every name starts with, in the list's own case (empty: any).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public string Prefix
    {
        get => _prefix;
        init => _prefix = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The fewest characters a name may have (0 by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MinLength
    {
        get => _minLength;
        init => _minLength = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A minimum length cannot be negative.");
    }

    /// <summary>The most characters a name may have (<see cref="int.MaxValue"/> by default: no limit).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxLength
    {
        get => _maxLength;
        init => _maxLength = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A maximum length cannot be negative.");
    }

    /// <summary>Whether only names that are not in the list the model was built from are drawn.</summary>
    public bool Novel { get; init; }

    /// <summary>
    /// Each context's distribution is raised to 1 / T and renormalised: 1 is the model itself, below 1 favours
    /// likely symbols (towards the most likely one as T → 0), above 1 flattens towards uniform.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 0.</exception>
    public double Temperature
    {
        get => _temperature;
        init => _temperature = double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The temperature must be a finite number above 0.");
    }

    /// <summary>Throws for options no name of any model meets: a minimum length above the maximum, or a prefix longer than the maximum.</summary>
    /// <exception cref="ArgumentException">The options contradict themselves; the message names the values.</exception>
    internal void ThrowIfContradictory()
    {
        if (_minLength > _maxLength)
        {
            throw new ArgumentException($"The options ask for names of at least {_minLength} and at most {_maxLength} characters.", "options");
        }

        if (_prefix.Length > _maxLength)
        {
            throw new ArgumentException($"The prefix \"{_prefix}\" has {_prefix.Length} characters, more than the {_maxLength} the options allow.", "options");
        }
    }

    /// <summary>The options bound to a model, made at the first draw from it.</summary>
    internal ConstrainedSampler For(scoped in ModelTables tables)
    {
        ConstrainedSampler? last = Volatile.Read(ref _last);
        object owner = tables.Owner;
        return last is not null && ReferenceEquals(last.Owner, owner) ? last : Bind(tables, owner, ref _last, ref _others);
    }

    /// <summary>The options bound to a transformer, made at the first draw from it.</summary>
    internal TransformerConditions ForTransformer(scoped in ModelTables tables)
    {
        TransformerConditions? last = Volatile.Read(ref _lastTransformer);
        object owner = tables.Owner;
        return last is not null && ReferenceEquals(last.Owner, owner) ? last : Bind(tables, owner, ref _lastTransformer, ref _otherTransformers);
    }

    /// <summary>The options bound to a model other than the last one served: found among the others, or made and kept.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TBinding Bind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TBinding>(scoped in ModelTables tables, object owner, ref TBinding? last, ref ConditionalWeakTable<object, TBinding>? others)
        where TBinding : class, IModelBinding<TBinding>
    {
        ConditionalWeakTable<object, TBinding> table =
            Volatile.Read(ref others) ?? Interlocked.CompareExchange(ref others, new(), null) ?? others;
        // No lambda here: a closure over the binding would be allocated on every call, found or not (24 bytes a switch
        // between two models).
        if (!table.TryGetValue(owner, out TBinding? bound))
        {
            bound = TBinding.Create(this, tables, owner);
            if (!table.TryAdd(owner, bound) && table.TryGetValue(owner, out TBinding? kept))
            {
                // Another thread bound it first: every thread uses the one kept.
                bound = kept;
            }
        }

        Volatile.Write(ref last, bound);
        return bound;
    }
}
