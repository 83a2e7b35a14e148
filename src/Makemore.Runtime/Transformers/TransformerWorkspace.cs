using System;
using Makemore.Modeling.Neural;

namespace Makemore.Transformers;

/// <summary>
/// Where the incremental forward pass keeps its key/value cache and activations, for one name or for a batch of
/// slots: a caller's span (stack memory for a small model) or this thread's own buffer, allocated once and reused.
/// </summary>
internal static class TransformerWorkspace
{
    [ThreadStatic]
    private static float[]? t_buffer;

    /// <summary>Floats a pass over <paramref name="slots"/> names at once needs.</summary>
    public static int Length(NeuralLayout l, int slots = 1) => slots * SlotLength(l);

    /// <summary>This thread's buffer of at least <paramref name="length"/> floats (allocated on first use and when it must grow).</summary>
    public static Span<float> ForThisThread(int length)
    {
        float[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < length)
        {
            t_buffer = buffer = new float[length];
        }

        return buffer.AsSpan(0, length);
    }

    /// <summary>
    /// Slot <paramref name="slot"/>'s keys of block <paramref name="layer"/> (position p at p · C) and its values
    /// right after them, as <see cref="Parts.Keys"/> and <see cref="Parts.Values"/> lay them out: what a batch step
    /// needs of each row's slot, without the other parts.
    /// </summary>
    public static Span<float> Cache(Span<float> workspace, NeuralLayout l, int slot, int layer, out Span<float> values)
    {
        int block = l.Context * l.Embedding;
        Span<float> keys = SlotCache(workspace, l, slot, out Span<float> slotValues);
        values = slotValues.Slice(layer * block, block);
        return keys.Slice(layer * block, block);
    }

    /// <summary>Slot <paramref name="slot"/>'s keys of every block, at the head of the workspace, and its values right after them.</summary>
    private static Span<float> SlotCache(Span<float> workspace, NeuralLayout l, int slot, out Span<float> values)
    {
        int cache = l.Layers * l.Context * l.Embedding;
        values = workspace.Slice((slot * 2 * cache) + cache, cache);
        return workspace.Slice(slot * 2 * cache, cache);
    }

    /// <summary>One slot: keys and values of every block at every position, the rows of one position, the logits, room for doubles, a product's scaled input, the slot's name so far and its symbols for the kept positions.</summary>
    private static int SlotLength(NeuralLayout l)
    {
        int c = l.Embedding;
        return (2 * l.Layers * l.Context * c) + (15 * c) + (l.Heads * l.Context) + (3 * l.Vocabulary) + ((l.Context + 1) / 2) + KeptSymbolCount;
    }

    /// <summary>The symbols a slot records for <see cref="TransformerPrefixes"/>: those at positions 1 … its last kept position − 1.</summary>
    private const int KeptSymbolCount = TransformerPrefixes.LastKeptPosition - 1;

    /// <summary>The parts of one slot of a workspace laid out for several: the slot's own caches and name, and the rows of the whole batch.</summary>
    public readonly ref struct Parts
    {
        public Parts(Span<float> workspace, NeuralLayout l, int slots, int slot)
        {
            int c = l.Embedding;
            int cache = l.Layers * l.Context * c;
            Keys = SlotCache(workspace, l, slot, out Span<float> values);
            Values = values;
            Span<float> rows = workspace.Slice(slots * 2 * cache);
            X = rows.Slice(0, slots * c);
            Normalised = rows.Slice(slots * c, slots * c);
            Qkv = rows.Slice(2 * slots * c, slots * 3 * c);
            Attended = rows.Slice(5 * slots * c, slots * c);
            Branch = rows.Slice(6 * slots * c, slots * c);
            Hidden = rows.Slice(7 * slots * c, slots * 4 * c);
            Logits = rows.Slice(11 * slots * c, slots * l.Vocabulary);
            Probabilities = rows.Slice((11 * slots * c) + (slots * l.Vocabulary), l.Heads * l.Context);
            int doubles = (11 * slots * c) + (slots * l.Vocabulary) + (l.Heads * l.Context);
            Doubles = rows.Slice(doubles, 2 * l.Vocabulary);
            int names = (l.Context + 1) / 2;
            Name = System.Runtime.InteropServices.MemoryMarshal.Cast<float, char>(rows.Slice(doubles + (2 * l.Vocabulary) + (slot * names), names));
            Scaled = rows.Slice(doubles + (2 * l.Vocabulary) + (slots * names), 4 * c);
            KeptSymbols = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(rows.Slice(doubles + (2 * l.Vocabulary) + (slots * names) + (4 * c) + (slot * KeptSymbolCount), KeptSymbolCount));
        }

        /// <summary>This slot's keys: block l, position p at (l · context + p) · C.</summary>
        public Span<float> Keys { get; }

        /// <summary>This slot's values, laid out as <see cref="Keys"/>.</summary>
        public Span<float> Values { get; }

        /// <summary>The residual stream of every slot's current position, [slots, C].</summary>
        public Span<float> X { get; }

        public Span<float> Normalised { get; }

        public Span<float> Qkv { get; }

        public Span<float> Attended { get; }

        public Span<float> Branch { get; }

        public Span<float> Hidden { get; }

        /// <summary>The logits of every slot's current position, [slots, V].</summary>
        public Span<float> Logits { get; }

        /// <summary>A row's attention weights, every head's (scratch).</summary>
        public Span<float> Probabilities { get; }

        /// <summary>Room for <c>V</c> doubles (scratch for the softmax), as floats.</summary>
        public Span<float> Doubles { get; }

        /// <summary>This slot's name so far (room for context characters).</summary>
        public Span<char> Name { get; }

        /// <summary>A matrix–vector product's input scaled for <see cref="HalfPanelProduct"/> (scratch, 4 · C floats).</summary>
        public Span<float> Scaled { get; }

        /// <summary>The symbols this slot's name took at positions 1, 2, …, as its passes there recorded them for the kept positions (<see cref="TransformerPrefixes"/>).</summary>
        public Span<int> KeptSymbols { get; }
    }
}
