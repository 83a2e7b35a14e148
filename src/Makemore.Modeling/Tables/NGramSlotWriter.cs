// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;

namespace Makemore.Modeling.Tables;

/// <summary>
/// The slots of <see cref="NGramTables"/> written straight into the format's records as <see cref="NGramTableBuilder"/>
/// fills each block: a slot's symbol, link and ln P when the block is filled, its keep threshold and alias when the
/// block's alias table is built. Every slot of the table belongs to one block and every field of it is written once,
/// so the arrays need not be zeroed first.
/// </summary>
internal sealed class NGramSlotWriter
{
    private readonly bool _narrow;
    private readonly NGramSlot[] _slots = [];
    private readonly ushort[] _lows = [];
    private readonly byte[] _symbols = [];
    private readonly NGramWideSlot[] _wideSlots = [];
    private readonly ushort[] _wideSymbols = [];
    private readonly float[] _logProbabilities;

    /// <summary>Records for <paramref name="slots"/> slots of <paramref name="format"/>.</summary>
    public NGramSlotWriter(NGramTableFormat format, int slots)
    {
        _narrow = format.IsNarrow;
        if (_narrow)
        {
            _slots = Uninitialized<NGramSlot>(slots);
            _lows = Uninitialized<ushort>(slots);
            _symbols = Uninitialized<byte>(slots);
        }
        else
        {
            _wideSlots = Uninitialized<NGramWideSlot>(slots);
            _wideSymbols = Uninitialized<ushort>(slots);
        }

        _logProbabilities = Uninitialized<float>(slots);
    }

    /// <summary>
    /// A slot's symbol (for a merged block's escape, the number of the node's own pairs; 0 for any other escape), the
    /// handle it goes on to, and ln P (ln γ for an escape or a holder).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Slot(int slot, int symbol, ulong link, float logProbability)
    {
        if (_narrow)
        {
            _slots[slot].Symbol = (byte)symbol;
            _slots[slot].Link = (uint)link;
            _symbols[slot] = (byte)symbol; // at a merged block's escape, its own-pairs count: searches cover pair slots only
        }
        else
        {
            _wideSlots[slot].Symbol = (ushort)symbol;
            _wideSlots[slot].Link = link;
            _wideSymbols[slot] = (ushort)symbol;
        }

        _logProbabilities[slot] = logProbability;
    }

    /// <summary>A merged block's holder: the symbol and link of the slot before it, and its own ln P.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Holder(int slot, float logProbability)
    {
        if (_narrow)
        {
            Slot(slot, _slots[slot - 1].Symbol, _slots[slot - 1].Link, logProbability);
        }
        else
        {
            Slot(slot, _wideSlots[slot - 1].Symbol, _wideSlots[slot - 1].Link, logProbability);
        }
    }

    /// <summary>A slot's 32-bit keep threshold and its alias (an index among its block's slots).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Alias(int slot, uint threshold, int alias)
    {
        if (_narrow)
        {
            _slots[slot].Threshold = (ushort)(threshold >> 16);
            _slots[slot].Alias = (byte)alias;
            _lows[slot] = (ushort)threshold;
        }
        else
        {
            _wideSlots[slot].Threshold = threshold;
            _wideSlots[slot].Alias = (ushort)alias;
        }
    }

    /// <summary>The tables, once every slot is written.</summary>
    public NGramTables ToTables(NGramTableFormat format, string alphabet, int order, ulong startHandle, int shortestName, ulong[] nodeHandles) =>
        new(format, alphabet, order, startHandle, shortestName, nodeHandles, _logProbabilities)
        {
            Slots = _slots,
            ThresholdLows = _lows,
            Symbols = _symbols,
            WideSlots = _wideSlots,
            WideSymbols = _wideSymbols,
        };

    /// <summary>An array whose every element the caller writes: not zeroed first where the runtime allows it.</summary>
    private static T[] Uninitialized<T>(int length) =>
#if NET
        System.GC.AllocateUninitializedArray<T>(length);
#else
        new T[length];
#endif
}
