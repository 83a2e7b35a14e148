using System;
using System.Collections.Generic;

namespace Makemore.Tests.Constraints;

/// <summary>The option sets the distribution tests cover, by name: each constraint alone, then together.</summary>
internal static class ConstraintOptionSets
{
    /// <summary>For the small models (alphabets of a and b, and more): every name is enumerated from the start.</summary>
    public static readonly Dictionary<string, SamplingOptions> Small = new(StringComparer.Ordinal)
    {
        ["none"] = SamplingOptions.None,
        ["prefix ba"] = new() { Prefix = "ba" },
        ["min 3"] = new() { MinLength = 3 },
        ["max 3"] = new() { MaxLength = 3 },
        ["length exactly 3"] = new() { MinLength = 3, MaxLength = 3 },
        ["novel"] = new() { Novel = true },
        ["temperature 0.5"] = new() { Temperature = 0.5 },
        ["temperature 2"] = new() { Temperature = 2 },
        ["prefix b, lengths 3 to 5"] = new() { Prefix = "b", MinLength = 3, MaxLength = 5 },
        ["prefix a, min 4"] = new() { Prefix = "a", MinLength = 4 },
        ["novel, lengths 2 to 3"] = new() { Novel = true, MinLength = 2, MaxLength = 3 },
        ["novel, temperature 0.6"] = new() { Novel = true, Temperature = 0.6 },
        ["temperature 0.7, prefix a, max 4"] = new() { Temperature = 0.7, Prefix = "a", MaxLength = 4 },
        ["all: prefix a, lengths 2 to 5, novel, temperature 1.5"] = new() { Prefix = "a", MinLength = 2, MaxLength = 5, Novel = true, Temperature = 1.5 },
    };

    /// <summary>For a generated model (27 symbols): always a prefix and a maximum length, so that the names are few.</summary>
    public static Dictionary<string, SamplingOptions> Generated(string root) => new(StringComparer.Ordinal)
    {
        ["prefix, max"] = new() { Prefix = root, MaxLength = root.Length + 2 },
        ["prefix, lengths"] = new() { Prefix = root, MinLength = root.Length + 1, MaxLength = root.Length + 2 },
        ["prefix, max, novel"] = new() { Prefix = root, MaxLength = root.Length + 2, Novel = true },
        ["temperature 0.7, prefix, max"] = new() { Prefix = root, MaxLength = root.Length + 2, Temperature = 0.7 },
        ["all: longer prefix, lengths, novel, temperature 1.3"] = new() { Prefix = root + "n", MinLength = root.Length + 1, MaxLength = root.Length + 2, Novel = true, Temperature = 1.3 },
    };

    /// <summary>The option set of a model by name.</summary>
    public static SamplingOptions Get(ConstraintModel model, string name) =>
        model.Root.Length == 0 ? Small[name] : Generated(model.Root)[name];
}
