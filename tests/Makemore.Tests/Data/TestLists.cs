using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Makemore.Tests.Data;

/// <summary>
/// The real names lists sampled in Data/Lists (see its README.md for each one's source and licence), copied beside the
/// test assembly. A list is named by its file name without ".txt", e.g. "cities-2000" or "pokemon-en".
/// </summary>
internal static class TestLists
{
    /// <summary>The folder the lists are copied to.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Data", "Lists");

    /// <summary>The names of every list, sorted.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.EnumerateFiles(Folder, "*.txt").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>The path of a list's file.</summary>
    public static string PathOf(string name) => Path.Combine(Folder, name + ".txt");

    /// <summary>A list's whole text, exactly as a user's file would hold it (UTF-8, one name a line, LF after each).</summary>
    public static string Text(string name) => File.ReadAllText(PathOf(name));

    /// <summary>A list's names, one per line, untrimmed (the LF after the last one makes no empty name).</summary>
    public static string[] Lines(string name)
    {
        string text = Text(name);
        return (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
    }
}
