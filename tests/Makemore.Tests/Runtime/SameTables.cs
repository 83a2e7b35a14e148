using System;
using System.Linq;
using Makemore.Modeling.Tables;

namespace Makemore.Tests.Runtime;

/// <summary>Two models are the same model: every table the samplers and scorers read, bit for bit.</summary>
internal static class SameTables
{
    public static void Assert(LanguageModel expected, LanguageModel actual)
    {
        Xunit.Assert.Equal(expected.Alphabet.ToString(), actual.Alphabet.ToString());
        Xunit.Assert.Equal(expected.Order, actual.Order);
        Xunit.Assert.Equal(expected.Smoothing, actual.Smoothing);
        Xunit.Assert.Equal(expected.AsciiIndex.ToArray(), actual.AsciiIndex.ToArray());
        Xunit.Assert.Equal(expected.ShortestSampleLength, actual.ShortestSampleLength);
        Xunit.Assert.Equal(expected.NameCount, actual.NameCount);
        Xunit.Assert.Equal(expected.TokenCount, actual.TokenCount);
        Xunit.Assert.Equal(expected.TableBytes, actual.TableBytes);

        // The dense bigram.
        Xunit.Assert.Equal(expected.Counts.ToArray(), actual.Counts.ToArray());
        Xunit.Assert.Equal(expected.Probabilities.ToArray().Select(BitConverter.SingleToInt32Bits), actual.Probabilities.ToArray().Select(BitConverter.SingleToInt32Bits));
        Xunit.Assert.Equal(expected.LogProbabilities.ToArray().Select(BitConverter.DoubleToInt64Bits), actual.LogProbabilities.ToArray().Select(BitConverter.DoubleToInt64Bits));
        Xunit.Assert.Equal(expected.AliasTable.ToArray(), actual.AliasTable.ToArray());

        // The context tree.
        Xunit.Assert.Equal(expected.Tree is null, actual.Tree is null);
        if (expected.Tree is { } e && actual.Tree is { } a)
        {
            Xunit.Assert.Equal(e.Format, a.Format);
            Xunit.Assert.Equal(e.Alphabet, a.Alphabet);
            Xunit.Assert.Equal(e.StartHandle, a.StartHandle);
            Xunit.Assert.Equal(e.ShortestName, a.ShortestName);
            Xunit.Assert.Equal(e.NodeHandles, a.NodeHandles);
            Xunit.Assert.Equal(e.Slots.Select(s => s.Bits), a.Slots.Select(s => s.Bits));
            Xunit.Assert.Equal(e.ThresholdLows, a.ThresholdLows);
            Xunit.Assert.Equal(e.Symbols, a.Symbols);
            Xunit.Assert.Equal(e.WideSlots.Select(Wide), a.WideSlots.Select(Wide));
            Xunit.Assert.Equal(e.WideSymbols, a.WideSymbols);
            Xunit.Assert.Equal(e.LogProbabilities.Select(BitConverter.SingleToInt32Bits), a.LogProbabilities.Select(BitConverter.SingleToInt32Bits));
        }
    }

    private static (ulong Link, uint Threshold, ushort Alias, ushort Symbol) Wide(NGramWideSlot slot) => (slot.Link, slot.Threshold, slot.Alias, slot.Symbol);
}
