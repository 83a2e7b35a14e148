using System;
using Makemore.Modeling;

namespace Makemore.NGram;

/// <summary>
/// The arrays of an order-n model (<see cref="NGramTables"/> describes the layout) as spans, so that the kernels
/// read a generated model's constant data and a run-time model's arrays alike.
/// </summary>
internal readonly ref struct NGramTable
{
    public NGramTable(
        ReadOnlySpan<char> alphabet,
        ReadOnlySpan<byte> asciiIndex,
        int startNode,
        int shortestName,
        ReadOnlySpan<int> nodeStart,
        ReadOnlySpan<byte> symbol,
        ReadOnlySpan<int> next,
        ReadOnlySpan<float> logProbability,
        ReadOnlySpan<uint> threshold,
        ReadOnlySpan<byte> alias)
    {
        if (alphabet.IsEmpty || alphabet[0] != NameListParser.Boundary)
        {
            throw new ArgumentException("The alphabet must start with the boundary token '.'.", nameof(alphabet));
        }

        if (asciiIndex.Length != SymbolIndex.AsciiLength)
        {
            throw new ArgumentException($"The ASCII index table must have {SymbolIndex.AsciiLength} entries.", nameof(asciiIndex));
        }

        int slots = symbol.Length;
        if (nodeStart.Length < 2 || nodeStart[0] != 0 || nodeStart[^1] != slots
            || next.Length != slots || logProbability.Length != slots || threshold.Length != slots || alias.Length != slots
            || (uint)startNode >= (uint)(nodeStart.Length - 1))
        {
            throw new ArgumentException("The n-gram tables do not fit together (slot arrays of different lengths, or offsets outside them).", nameof(nodeStart));
        }

        Alphabet = alphabet;
        AsciiIndex = asciiIndex;
        StartNode = startNode;
        ShortestName = shortestName;
        NodeStart = nodeStart;
        Symbol = symbol;
        Next = next;
        LogProbability = logProbability;
        Threshold = threshold;
        Alias = alias;
    }

    public ReadOnlySpan<char> Alphabet { get; }

    public ReadOnlySpan<byte> AsciiIndex { get; }

    public int StartNode { get; }

    public int ShortestName { get; }

    public ReadOnlySpan<int> NodeStart { get; }

    public ReadOnlySpan<byte> Symbol { get; }

    public ReadOnlySpan<int> Next { get; }

    public ReadOnlySpan<float> LogProbability { get; }

    public ReadOnlySpan<uint> Threshold { get; }

    public ReadOnlySpan<byte> Alias { get; }

    /// <summary>The spans of a run-time model's arrays.</summary>
    public static NGramTable From(NGramTables tables, byte[] asciiIndex) => new(
        tables.Alphabet, asciiIndex, tables.StartNode, tables.ShortestName, tables.NodeStart, tables.Symbol, tables.Next,
        tables.LogProbability, tables.Threshold, tables.Alias);
}
