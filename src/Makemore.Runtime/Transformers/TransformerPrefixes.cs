using System;
using System.Collections.Generic;
using System.Threading;
using Makemore.Modeling.Neural;

namespace Makemore.Transformers;

/// <summary>
/// The passes every name begins with, kept by a loaded model: position 0 always takes the boundary token, position 1
/// one of the V − 1 characters, position 2 another and position 3 a third, so the keys and values these positions
/// leave in the cache, and their logits, depend on the name's first characters alone. A pass restores them instead
/// of computing them: the same bits (they are <see cref="TransformerInference.Step"/>'s own), up to four passes fewer
/// for every name.
/// </summary>
/// <remarks>
/// <para>
/// Positions 0 and 1 are computed when the model is loaded: entry 0 holds position 0, entry s ≥ 1 position 1 after
/// symbol s. Positions 2 and 3 have (V − 1)² and (V − 1)³ possible entries, most of which few names reach, so their
/// tables (<see cref="KeptPosition"/>) are filled by the passes themselves: the first pass at position 2 after symbols
/// s, t computes it and saves it, and every later one restores it. Each entry is every block's key, every block's
/// value (C floats each), then the V logits. An entry is found by the name's symbols before the pass, which the passes
/// at positions 1 and 2 write into the slot (<see cref="TransformerWorkspace.Parts.KeptSymbols"/>): every pass at a
/// position follows a pass at the position before it in the same slot, as the cache's own keys and values do.
/// </para>
/// <para>
/// Computing all of position 2 at load instead took 676 passes for the lecture's alphabet, +120 ms on a model's first
/// use (the passes run before tiered compilation has optimised them). Each position's table takes at most
/// <see cref="MaxKeptPositionBytes"/>: entries are handed out in the order passes first reach them, so the
/// prefixes most names share are saved first, and once a table is full the rest are computed every time. V = 27 with
/// 4 blocks of 64: position 2's 676 entries (1.46 MB) all fit, and 1,945 of position 3's 17,576; once a fresh model
/// of the lecture's names has drawn 20,000 names, the first three characters of 95 % of them are saved. A position
/// whose index of possible entries would pass <see cref="MaxKeptPositionIndex"/> is not kept, nor any after it.
/// </para>
/// </remarks>
internal static class TransformerPrefixes
{
    /// <summary>The most bytes the entries of one position's table may take.</summary>
    public const long MaxKeptPositionBytes = 4L << 20;

    /// <summary>The most possible entries (prefixes) a position's table may index: its index takes 4 bytes each.</summary>
    public const int MaxKeptPositionIndex = 1 << 16;

    /// <summary>The positions computed at load.</summary>
    public const int Positions = 2;

    /// <summary>The last position whose passes a model may keep.</summary>
    public const int LastKeptPosition = 3;

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
            Save(w, new TransformerWorkspace.Parts(workspace, l, 1, 0), position, 0, table.AsSpan(s * entry, entry));
        }

        return table;
    }

    /// <summary>
    /// The tables of positions 2 and 3 for a model, as many as it keeps: none when its names are too short for
    /// position 2 or its alphabet too big (see <see cref="MaxKeptPositionIndex"/>).
    /// </summary>
    public static KeptPosition[] CreateKept(in TransformerWeights w)
    {
        int v = w.Layout.Vocabulary;
        int length = EntryLength(w.Layout);
        int capacity = (int)Math.Max(1, MaxKeptPositionBytes / (4 * length));
        var tables = new List<KeptPosition>();
        long prefixes = v - 1;
        for (int position = Positions; position <= LastKeptPosition && w.LongestName > position; position++)
        {
            prefixes *= v - 1;
            if (prefixes > MaxKeptPositionIndex)
            {
                break;
            }

            int entries = (int)Math.Min(prefixes, capacity);
            tables.Add(new KeptPosition(new int[prefixes], new float[entries * length], entries));
        }

        return [.. tables];
    }

    /// <summary>
    /// Whether the model keeps the pass of <paramref name="token"/> at <paramref name="position"/> for slot
    /// <paramref name="slot"/> of a workspace laid out for <paramref name="slots"/> (at positions 2 and 3, once a pass has saved it).
    /// </summary>
    public static bool Holds(in TransformerWeights w, Span<float> workspace, int slots, int slot, int token, int position) =>
        position < Positions
            ? !w.Prefixes.IsEmpty && (position == 0) == (token == 0)
            : SavedEntry(w, new TransformerWorkspace.Parts(workspace, w.Layout, slots, slot), token, position) >= 0;

    /// <summary>
    /// After a pass computed <paramref name="token"/> at <paramref name="position"/> into slot <paramref name="slot"/>
    /// (its logits in row <paramref name="logitsRow"/>): records the symbol for the kept positions after it, and saves
    /// the pass when it is one of a kept position that the table lacks and has room for.
    /// </summary>
    public static void Keep(in TransformerWeights w, Span<float> workspace, int slots, int slot, int logitsRow, int token, int position)
    {
        if (TableOf(w, token, position) is not { } table)
        {
            return;
        }

        var parts = new TransformerWorkspace.Parts(workspace, w.Layout, slots, slot);
        int index = Entry(w, parts, token, position);
        Record(w, parts, token, position);

        // One thread claims a prefix and writes its entry; readers look only at prefixes marked saved after the writing.
        ref int state = ref table.States[index];
        if (Volatile.Read(ref state) != Empty || Interlocked.CompareExchange(ref state, Saving, Empty) != Empty)
        {
            return;
        }

        int entry = Interlocked.Increment(ref table.Claimed) - 1;
        if (entry >= table.Capacity)
        {
            Volatile.Write(ref state, NoRoom);
            return;
        }

        int length = EntryLength(w.Layout);
        Save(w, parts, position, logitsRow, table.Entries.AsSpan(entry * length, length));
        Volatile.Write(ref state, entry + 1);
    }

    /// <summary>
    /// Puts the pass of <paramref name="token"/> at <paramref name="position"/> into slot <paramref name="slot"/> of a
    /// workspace from the tables, its logits into row <paramref name="logitsRow"/>, as
    /// <see cref="TransformerInference.Step"/> would leave them; false (nothing done) when the model lacks it. Each
    /// position's entry assumes the positions before it are already in the slot's cache (and the symbols their
    /// passes recorded), as every name's passes go.
    /// </summary>
    public static bool TryRestore(in TransformerWeights w, Span<float> workspace, int slots, int slot, int logitsRow, int token, int position)
    {
        NeuralLayout l = w.Layout;
        int c = l.Embedding;
        var parts = new TransformerWorkspace.Parts(workspace, l, slots, slot);
        ReadOnlySpan<float> entry;
        if (position < Positions)
        {
            if (!Holds(w, workspace, slots, slot, token, position))
            {
                return false;
            }

            entry = w.Prefixes.Slice(token * EntryLength(l), EntryLength(l));
        }
        else
        {
            int saved = SavedEntry(w, parts, token, position);
            if (saved < 0)
            {
                return false;
            }

            entry = w.Kept[position - Positions].Entries.AsSpan(saved * EntryLength(l), EntryLength(l));
        }

        Record(w, parts, token, position);
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
    private const int Saving = -1;
    private const int NoRoom = -2;

    private static int EntryLength(NeuralLayout l) => (2 * l.Layers * l.Embedding) + l.Vocabulary;

    /// <summary>The table of the position a pass at <paramref name="position"/> takes <paramref name="token"/> at, or null when the model keeps none there.</summary>
    private static KeptPosition? TableOf(in TransformerWeights w, int token, int position) =>
        position < Positions || token == 0 || position - Positions >= w.Kept.Length || w.Prefixes.IsEmpty ? null : w.Kept[position - Positions];

    /// <summary>The entry saved for a pass at a kept position, or a negative number when the model keeps none for it (yet).</summary>
    private static int SavedEntry(in TransformerWeights w, TransformerWorkspace.Parts parts, int token, int position) =>
        TableOf(w, token, position) is { } table ? Volatile.Read(ref table.States[Entry(w, parts, token, position)]) - 1 : -1;

    /// <summary>
    /// The prefix index of a pass at a kept position (2 or later): the name's symbols at positions 1 … position − 1,
    /// as the slot recorded them, then <paramref name="token"/>, each less 1, as digits in base V − 1.
    /// </summary>
    private static int Entry(in TransformerWeights w, TransformerWorkspace.Parts parts, int token, int position)
    {
        int radix = w.Layout.Vocabulary - 1;
        int index = 0;
        for (int p = 1; p < position; p++)
        {
            index = (index * radix) + (parts.KeptSymbols[p - 1] - 1);
        }

        return (index * radix) + (token - 1);
    }

    /// <summary>Records the symbol a pass at <paramref name="position"/> took, when a kept position after it will look it up.</summary>
    private static void Record(in TransformerWeights w, TransformerWorkspace.Parts parts, int token, int position)
    {
        if (position >= 1 && position < Positions - 1 + w.Kept.Length)
        {
            parts.KeptSymbols[position - 1] = token;
        }
    }

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

    /// <summary>
    /// One kept position's table: per prefix its state (0 not reached, −1 being saved, −2 reached when the table was
    /// full, e + 1 saved as entry e) and the entries, handed out in the order passes first reach their prefixes.
    /// </summary>
    internal sealed class KeptPosition(int[] states, float[] entries, int capacity)
    {
        /// <summary>How many prefixes have claimed an entry (past <see cref="Capacity"/>: those that found no room).</summary>
        public int Claimed;

        public int[] States { get; } = states;

        public float[] Entries { get; } = entries;

        /// <summary>The entries the table has room for.</summary>
        public int Capacity { get; } = capacity;

        /// <summary>The bytes both arrays take.</summary>
        public long Bytes => (4L * Entries.Length) + (4L * States.Length);
    }
}
