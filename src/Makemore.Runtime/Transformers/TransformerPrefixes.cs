using System;
using Makemore.Modeling.Neural;

namespace Makemore.Transformers;

/// <summary>
/// The passes every name begins with, computed once for a loaded model: position 0 always takes the boundary token and
/// position 1 one of the V − 1 characters, so the keys and values these positions leave in the cache, and their
/// logits, depend on the first character alone. A one-name pass restores them instead of computing them: the same
/// bits (they are <see cref="TransformerInference.Step"/>'s own), two passes fewer for every name.
/// </summary>
/// <remarks>
/// Entry 0 holds position 0; entry s ≥ 1 holds position 1 after symbol s. Each entry is every block's key, every
/// block's value (C floats each), then the V logits.
/// </remarks>
internal static class TransformerPrefixes
{
    /// <summary>The positions the table holds.</summary>
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

    /// <summary>Whether the table holds the pass of <paramref name="token"/> at <paramref name="position"/>.</summary>
    public static bool Holds(in TransformerWeights w, int token, int position) =>
        !w.Prefixes.IsEmpty && position < Positions && (position == 0) == (token == 0);

    /// <summary>
    /// Puts the pass of <paramref name="token"/> at <paramref name="position"/> into slot <paramref name="slot"/> of a
    /// workspace from the table, its logits into row <paramref name="logitsRow"/>, as
    /// <see cref="TransformerInference.Step"/> would leave them; false (nothing done) when the table lacks it. Position
    /// 1's entry assumes position 0 is already in the slot's cache, as every name's passes go.
    /// </summary>
    public static bool TryRestore(in TransformerWeights w, Span<float> workspace, int slots, int slot, int logitsRow, int token, int position)
    {
        if (!Holds(w, token, position))
        {
            return false;
        }

        NeuralLayout l = w.Layout;
        int c = l.Embedding;
        ReadOnlySpan<float> entry = w.Prefixes.Slice(token * EntryLength(l), EntryLength(l));
        var parts = new TransformerWorkspace.Parts(workspace, l, slots, slot);
        for (int layer = 0; layer < l.Layers; layer++)
        {
            int at = ((layer * l.Context) + position) * c;
            entry.Slice(layer * c, c).CopyTo(parts.Keys.Slice(at, c));
            entry.Slice((l.Layers + layer) * c, c).CopyTo(parts.Values.Slice(at, c));
        }

        entry.Slice(2 * l.Layers * c, l.Vocabulary).CopyTo(parts.Logits.Slice(logitsRow * l.Vocabulary, l.Vocabulary));
        return true;
    }

    private static int EntryLength(NeuralLayout l) => (2 * l.Layers * l.Embedding) + l.Vocabulary;

    private static void Save(in TransformerWeights w, Span<float> workspace, int position, Span<float> entry)
    {
        NeuralLayout l = w.Layout;
        int c = l.Embedding;
        var parts = new TransformerWorkspace.Parts(workspace, l, 1, 0);
        for (int layer = 0; layer < l.Layers; layer++)
        {
            int at = ((layer * l.Context) + position) * c;
            parts.Keys.Slice(at, c).CopyTo(entry.Slice(layer * c, c));
            parts.Values.Slice(at, c).CopyTo(entry.Slice((l.Layers + layer) * c, c));
        }

        parts.Logits.Slice(0, l.Vocabulary).CopyTo(entry.Slice(2 * l.Layers * c, l.Vocabulary));
    }
}
