using System;
using System.Threading;
using Makemore.Modeling.Neural;

namespace Makemore.Transformers;

/// <summary>
/// The passes every name begins with, kept by a loaded model: position 0 always takes the boundary token, position 1
/// one of the V − 1 characters and position 2 another, so the keys and values these positions leave in the cache, and
/// their logits, depend on the first two characters alone. A pass restores them instead of computing them: the same
/// bits (they are <see cref="TransformerInference.Step"/>'s own), up to three passes fewer for every name.
/// </summary>
/// <remarks>
/// <para>
/// Positions 0 and 1 are computed when the model is loaded: entry 0 holds position 0, entry s ≥ 1 position 1 after
/// symbol s. Position 2 has (V − 1)² entries, most of which few names reach, so its table (<see cref="ThirdPositions"/>)
/// is filled by the passes themselves: the first pass at position 2 after symbols s, t computes it and saves it, and
/// every later one restores it. Each entry is every block's key, every block's value (C floats each), then the V
/// logits. Position 2's entry is found by the slot's first symbol, which restoring position 1 writes into the slot
/// (<see cref="TransformerWorkspace.Parts.FirstSymbol"/>): every pass at position 2 follows a pass at position 1 of the
/// same slot, as the cache's own keys and values do.
/// </para>
/// <para>
/// Computing all of position 2 at load instead took 676 passes for the lecture's alphabet, +120 ms on a model's first
/// use (the passes run before tiered compilation has optimised them). The table is kept only while it takes at most
/// <see cref="MaxThirdPositionBytes"/> (V = 27 with 4 blocks of 64: 1.46 MB); a bigger alphabet keeps two positions.
/// </para>
/// </remarks>
internal static class TransformerPrefixes
{
    /// <summary>The most bytes position 2's table may take.</summary>
    public const long MaxThirdPositionBytes = 4L << 20;

    /// <summary>The positions computed at load.</summary>
    public const int Positions = 2;

    /// <summary>Computes the table of a model (empty when its names are too short for a position 1).</summary>
    public static float[] Compute(in TransformerWeights w)
    {
        NeuralLayout l = w.Layout;
        if (w.LongestName < Positions)
        {
            return [];
        }

        int entry = EntryLength(l);
        var table = new float[l.Vocabulary * entry];
        var workspace = new float[TransformerWorkspace.Length(l)];
        Span<int> one = stackalloc int[2];
        for (int s = 0; s < l.Vocabulary; s++)
        {
            // Position 0's keys and values stay in the cache while position 1 takes each first symbol in turn.
            int position = s == 0 ? 0 : 1;
            one[0] = s;
            one[1] = position;
            TransformerInference.Step(w, workspace, 1, 1, one.Slice(0, 1), one.Slice(1, 1));
            Save(w, workspace, position, table.AsSpan(s * entry, entry));
        }

        return table;
    }

    /// <summary>Position 2's table for a model, or null when it keeps none (names too short for it, or an alphabet too big).</summary>
    public static ThirdPositions? CreateThird(in TransformerWeights w)
    {
        int v = w.Layout.Vocabulary;
        long entries = (long)(v - 1) * (v - 1);
        return w.LongestName < 3 || 4L * entries * EntryLength(w.Layout) > MaxThirdPositionBytes
            ? null
            : new ThirdPositions(new float[entries * EntryLength(w.Layout)], new int[entries]);
    }

    /// <summary>
    /// Whether the model keeps the pass of <paramref name="token"/> at <paramref name="position"/> for slot
    /// <paramref name="slot"/> of a workspace laid out for <paramref name="slots"/> (at position 2, once a pass has saved it).
    /// </summary>
    public static bool Holds(in TransformerWeights w, Span<float> workspace, int slots, int slot, int token, int position) =>
        !w.Prefixes.IsEmpty && (position < Positions
            ? (position == 0) == (token == 0)
            : position == Positions && w.Third is { } third && token != 0
                && Volatile.Read(ref third.States[ThirdEntry(w, new TransformerWorkspace.Parts(workspace, w.Layout, slots, slot), token)]) == Saved);

    /// <summary>
    /// After a pass computed <paramref name="token"/> at <paramref name="position"/> into slot <paramref name="slot"/>
    /// (its logits in row <paramref name="logitsRow"/>): saves it when it is a position-2 pass the table lacks.
    /// </summary>
    public static void Keep(in TransformerWeights w, Span<float> workspace, int slots, int slot, int logitsRow, int token, int position)
    {
        if (position != Positions || token == 0 || w.Third is not { } third || w.Prefixes.IsEmpty)
        {
            return;
        }

        var parts = new TransformerWorkspace.Parts(workspace, w.Layout, slots, slot);
        int index = ThirdEntry(w, parts, token);

        // One thread claims an entry and writes it; readers look only at entries marked saved after the writing.
        if (Volatile.Read(ref third.States[index]) != Empty || Interlocked.CompareExchange(ref third.States[index], Saving, Empty) != Empty)
        {
            return;
        }

        int length = EntryLength(w.Layout);
        Save(w, parts, position, logitsRow, third.Entries.AsSpan(index * length, length));
        Volatile.Write(ref third.States[index], Saved);
    }

    /// <summary>
    /// Puts the pass of <paramref name="token"/> at <paramref name="position"/> into slot <paramref name="slot"/> of a
    /// workspace from the table, its logits into row <paramref name="logitsRow"/>, as
    /// <see cref="TransformerInference.Step"/> would leave them; false (nothing done) when the table lacks it. Position
    /// 1's entry assumes position 0 is already in the slot's cache, and position 2's assumes positions 0 and 1 are (and
    /// the first symbol their restoring recorded), as every name's passes go.
    /// </summary>
    public static bool TryRestore(in TransformerWeights w, Span<float> workspace, int slots, int slot, int logitsRow, int token, int position)
    {
        if (!Holds(w, workspace, slots, slot, token, position))
        {
            return false;
        }

        NeuralLayout l = w.Layout;
        int c = l.Embedding;
        var parts = new TransformerWorkspace.Parts(workspace, l, slots, slot);
        ReadOnlySpan<float> entry;
        if (position < Positions)
        {
            entry = w.Prefixes.Slice(token * EntryLength(l), EntryLength(l));
            if (position == 1)
            {
                parts.FirstSymbol = token;
            }
        }
        else
        {
            entry = w.Third!.Entries.AsSpan(ThirdEntry(w, parts, token) * EntryLength(l), EntryLength(l));
        }

        for (int layer = 0; layer < l.Layers; layer++)
        {
            int at = ((layer * l.Context) + position) * c;
            entry.Slice(layer * c, c).CopyTo(parts.Keys.Slice(at, c));
            entry.Slice((l.Layers + layer) * c, c).CopyTo(parts.Values.Slice(at, c));
        }

        entry.Slice(2 * l.Layers * c, l.Vocabulary).CopyTo(parts.Logits.Slice(logitsRow * l.Vocabulary, l.Vocabulary));
        return true;
    }

    private const int Empty = 0;
    private const int Saving = 1;
    private const int Saved = 2;

    private static int EntryLength(NeuralLayout l) => (2 * l.Layers * l.Embedding) + l.Vocabulary;

    /// <summary>Position 2's entry for a slot whose name began with the symbol its position-1 restore recorded, then <paramref name="second"/>.</summary>
    private static int ThirdEntry(in TransformerWeights w, TransformerWorkspace.Parts parts, int second) =>
        ((parts.FirstSymbol - 1) * (w.Layout.Vocabulary - 1)) + (second - 1);

    private static void Save(in TransformerWeights w, Span<float> workspace, int position, Span<float> entry) =>
        Save(w, new TransformerWorkspace.Parts(workspace, w.Layout, 1, 0), position, 0, entry);

    private static void Save(in TransformerWeights w, TransformerWorkspace.Parts parts, int position, int logitsRow, Span<float> entry)
    {
        NeuralLayout l = w.Layout;
        int c = l.Embedding;
        for (int layer = 0; layer < l.Layers; layer++)
        {
            int at = ((layer * l.Context) + position) * c;
            parts.Keys.Slice(at, c).CopyTo(entry.Slice(layer * c, c));
            parts.Values.Slice(at, c).CopyTo(entry.Slice((l.Layers + layer) * c, c));
        }

        parts.Logits.Slice(logitsRow * l.Vocabulary, l.Vocabulary).CopyTo(entry.Slice(2 * l.Layers * c, l.Vocabulary));
    }

    /// <summary>Position 2's entries, filled by the passes that first reach them, and each entry's state (empty, being saved, saved).</summary>
    internal sealed class ThirdPositions(float[] entries, int[] states)
    {
        public float[] Entries { get; } = entries;

        public int[] States { get; } = states;

        /// <summary>The bytes both arrays take.</summary>
        public long Bytes => (4L * Entries.Length) + (4L * States.Length);
    }
}
