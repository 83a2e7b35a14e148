using System;
using System.Collections.Generic;
using Makemore.Lecture;

namespace Makemore.Demo;

/// <summary>
/// Which part of the lecture's split holds a name, as makemore.py tags its samples: the first of train, dev and
/// test that holds it, else new. Both the summary and <c>sample --tags</c> tag with it, each in its own words.
/// </summary>
internal sealed class SplitPart
{
    /// <summary>The parts in order: 0 train, 1 dev, 2 test, then <see cref="New"/>.</summary>
    public const int Count = 4;

    /// <summary>The tag of a name no part holds.</summary>
    public const int New = 3;

    private readonly HashSet<string>[] _parts;

    public SplitPart(LectureSplit split) =>
        _parts = [new(split.Train, StringComparer.Ordinal), new(split.Dev, StringComparer.Ordinal), new(split.Test, StringComparer.Ordinal)];

    /// <summary>0, 1 or 2 for the first part that holds the name, else <see cref="New"/>.</summary>
    public int Of(string name) => Array.FindIndex(_parts, part => part.Contains(name)) is var i and >= 0 ? i : New;
}
