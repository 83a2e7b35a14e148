// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Collections.Generic;

namespace Makemore.Modeling.Parsing;

/// <summary>
/// A parsed names list: where each name stands in the text, the sorted alphabet, and any errors.
/// Names are not copied out of the text; <see cref="NameStarts"/> and <see cref="NameLengths"/> index into it.
/// </summary>
internal sealed class NameList
{
    public NameList(string text, List<int> nameStarts, List<int> nameLengths, string alphabet, List<NameListError> errors, int errorCount)
    {
        Text = text;
        NameStarts = nameStarts;
        NameLengths = nameLengths;
        Alphabet = alphabet;
        Errors = errors;
        ErrorCount = errorCount;
    }

    /// <summary>The text the names were read from.</summary>
    public string Text { get; }

    /// <summary>Index in <see cref="Text"/> where each name (trimmed) starts.</summary>
    public List<int> NameStarts { get; }

    /// <summary>Length of each name (trimmed).</summary>
    public List<int> NameLengths { get; }

    /// <summary>The boundary token '.' followed by every distinct symbol of the names, sorted ordinally.</summary>
    public string Alphabet { get; }

    /// <summary>
    /// The first problems found (at most <see cref="NameListParser.MaxErrors"/>), in text order; empty when the list is valid.
    /// </summary>
    public List<NameListError> Errors { get; }

    /// <summary>How many problems were found, the ones beyond <see cref="Errors"/> included.</summary>
    public int ErrorCount { get; }

    /// <summary>Number of names.</summary>
    public int Count => NameStarts.Count;

    /// <summary>Symbols scored when the list itself is scored: each name's length + 1 (its end).</summary>
    public long TokenCount
    {
        get
        {
            long tokens = 0;
            foreach (int length in NameLengths)
            {
                tokens += length + 1;
            }

            return tokens;
        }
    }

    /// <summary>Length of the shortest name (0 for a list without names).</summary>
    public int ShortestName
    {
        get
        {
            int shortest = Count == 0 ? 0 : int.MaxValue;
            foreach (int length in NameLengths)
            {
                shortest = length < shortest ? length : shortest;
            }

            return shortest;
        }
    }

    /// <summary>Length of the longest name.</summary>
    public int LongestName
    {
        get
        {
            int longest = 0;
            foreach (int length in NameLengths)
            {
                longest = length > longest ? length : longest;
            }

            return longest;
        }
    }

    /// <summary>Whether the list can become a model.</summary>
    public bool IsValid => ErrorCount == 0;

    /// <summary>A sentence for an exception: the first problem, with its position, and how many follow.</summary>
    public string Describe() => IsValid
        ? "The names list is valid."
        : "The names list is invalid: " + Errors[0].Message
            + (ErrorCount > 1 ? " (" + (ErrorCount - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " more problem(s) follow)" : string.Empty) + ".";
}
