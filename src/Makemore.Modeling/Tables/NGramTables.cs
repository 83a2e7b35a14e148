// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).

namespace Makemore.Modeling.Tables;

/// <summary>
/// An order-n model as flat arrays, the form the run-time kernels read (<c>Makemore.NGram.NGramSampler</c>,
/// <c>NGramLikelihood</c>). Built by <see cref="NGramTableBuilder"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Nodes</b> are the model's contexts (a suffix-closed set; the root is the empty context), numbered level by
/// level. Each node owns a <b>block</b> of consecutive <b>slots</b>: one per symbol w seen after it (a <i>pair</i>),
/// in ascending symbol order, then — unless it has a pair for all V symbols — one <i>escape</i> slot. The root
/// always has all V pairs, so it has no escape. Each node with an escape also has an <b>escape table</b>, a block
/// of the same form: its parent's pairs that are not pairs of the node, then the parent's escape if the parent has
/// one. Nodes with the same parent and the same pairs share one escape table. A node whose escape table is its
/// own (shared with no other node, and no node below goes on to it) and whose parent has an escape is
/// <b>merged</b> with it: one block of its pairs, the table's pairs, a <i>holder</i> slot and the table's escape,
/// as many slots as the two blocks had. A block is referred to by its <b>handle</b>, which says where its slots
/// are: its first slot, whether it has an escape and its slot count − 1 (<see cref="NGramTableFormat.Handle"/>). The
/// kernels follow handles and never need a node index.
/// </para>
/// <para>
/// A pair slot holds its symbol and the handle of the node after w: the longest node that is a suffix of c·w (in
/// an escape table, the parent's pair slot copied: w is not a pair of c, so that node is the parent's next node
/// too). A node's escape slot (its last when the handle's escape bit is set) holds the handle of the node's escape
/// table; an escape table's escape slot holds the handle of the parent's escape table.
/// </para>
/// <para>
/// Sampling: every block is one alias table (32-bit thresholds, aliases). A node's weights are P(w | c) for its
/// pairs and M_c = 1 − Σ_pairs P(w | c) for the escape; the escape table's are P(w | parent) for its pairs and
/// M_parent for its escape. A pair yields its symbol; an escape goes on to the escape table it holds. That is
/// P(w | c) exactly, with one draw per block and nothing drawn again: for w not a pair of c,
/// P(w | c) = γ_c P(w | parent) = M_c · P(w | parent) / Σ_{w' ∉ pairs(c)} P(w' | parent), and the escape table's
/// weights sum to that denominator. After two escapes the symbols to leave out are the parent's pairs (which hold
/// the node's), so the parent's escape table is the right one to go on to. A merged block draws both at once:
/// the node's pairs at P(w | c), the table's pairs at P(w | c) = M_c · P(w | parent) / Z, the escape at
/// M_c · M_parent / Z (Z the table's sum) and the holder, a copy of the last pair, at 0; which saves a step after
/// most escapes. Scoring reads an escape table as it would the parent with the node's pairs left out:
/// ln P(w | c) is the pair's value when w is a pair of c, else ln γ_c plus the score in the escape table (whose
/// log-probabilities are the parent's, so the sum is the same). In a merged block the table's pairs keep the
/// parent's ln P(w | parent), the holder holds ln γ_c and the escape ln γ_parent, and the escape slot's symbol
/// field says how many pairs are the node's own (0 in every other block): the same sums, term for term.
/// </para>
/// <para>
/// The slots come in one of two formats (<see cref="NGramTableFormat"/>): narrow 8-byte records
/// (<see cref="NGramSlot"/>: a 16-bit threshold half, 8-bit alias and symbol, 32-bit link), the low threshold halves
/// apart in <see cref="ThresholdLows"/>, read only when the draw's high 16 bits equal a slot's (1 step in 65,536);
/// or wide 16-byte records (<see cref="NGramWideSlot"/>). Beside them, per slot: ln P(w | c) of each pair slot and
/// ln γ_c of each escape slot (<see cref="LogProbabilities"/>), and the symbol again, contiguous, for scoring's
/// vectorised search (<see cref="Symbols"/> or <see cref="WideSymbols"/>).
/// </para>
/// <para>
/// Sizes: <see cref="NGramTableFormat.BytesPerSlot"/> (15 narrow, 22 wide) per slot; slots = pairs + nodes without
/// all V symbols + the escape tables' slots (about as many again at order 6).
/// </para>
/// </remarks>
internal sealed class NGramTables
{
    private NGramTables(NGramTableFormat format, string alphabet, int order, ulong startHandle, int shortestName, ulong[] nodeHandles, float[] logProbabilities)
    {
        Format = format;
        Alphabet = alphabet;
        Order = order;
        StartHandle = startHandle;
        ShortestName = shortestName;
        NodeHandles = nodeHandles;
        LogProbabilities = logProbabilities;
    }

    /// <summary>Narrow (8-byte slots) or wide (16-byte slots).</summary>
    public NGramTableFormat Format { get; }

    /// <summary>The start/end token's stand-in, then the sorted symbols.</summary>
    public string Alphabet { get; }

    /// <summary>The levels of contexts, n.</summary>
    public int Order { get; }

    /// <summary>The handle of the node of n − 1 start tokens, where every name begins.</summary>
    public ulong StartHandle { get; }

    /// <summary>The fewest symbols of a name the model can produce (0 when it may end at once).</summary>
    public int ShortestName { get; }

    /// <summary>Narrow tables: the sampling slots (every node's and escape table's block, in the order <see cref="NGramBlockLayout"/> gives them); empty for wide ones.</summary>
    public NGramSlot[] Slots { get; private init; } = [];

    /// <summary>Narrow tables: per slot, the low 16 bits of its keep threshold.</summary>
    public ushort[] ThresholdLows { get; private init; } = [];

    /// <summary>Narrow tables: per slot, its symbol (0 for an escape): the search array of scoring.</summary>
    public byte[] Symbols { get; private init; } = [];

    /// <summary>Wide tables: the sampling slots; empty for narrow ones.</summary>
    public NGramWideSlot[] WideSlots { get; private init; } = [];

    /// <summary>Wide tables: per slot, its symbol (0 for an escape).</summary>
    public ushort[] WideSymbols { get; private init; } = [];

    /// <summary>Per slot, ln P(w | c) of a pair or ln γ_c of an escape.</summary>
    public float[] LogProbabilities { get; }

    /// <summary>Each node's handle, by node number (level by level from the root); not needed by the kernels. Escape tables are reached through the nodes' escape slots.</summary>
    public ulong[] NodeHandles { get; }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => NodeHandles.Length;

    /// <summary>Number of sampling slots, S.</summary>
    public int SlotCount => LogProbabilities.Length;

    /// <summary>Bytes of the tables: every array of slots.</summary>
    public long TotalBytes => (long)Format.BytesPerSlot * SlotCount;

    /// <summary>Packs format-free slot arrays into the format's records.</summary>
    public static NGramTables Pack(
        NGramTableFormat format, string alphabet, int order, ulong startHandle, int shortestName,
        int[] symbol, ulong[] link, int[] alias, uint[] threshold, float[] logProbability, ulong[] nodeHandles)
    {
        int slots = symbol.Length;
        if (format.IsNarrow)
        {
            var records = new NGramSlot[slots];
            var lows = new ushort[slots];
            var symbols = new byte[slots];
            for (int i = 0; i < slots; i++)
            {
                records[i].Threshold = (ushort)(threshold[i] >> 16);
                records[i].Alias = (byte)alias[i];
                records[i].Symbol = (byte)symbol[i];
                records[i].Link = (uint)link[i];
                lows[i] = (ushort)threshold[i];
                symbols[i] = (byte)symbol[i]; // at a merged block's escape, its own-pairs count: searches cover pair slots only
            }

            return new NGramTables(format, alphabet, order, startHandle, shortestName, nodeHandles, logProbability)
            {
                Slots = records,
                ThresholdLows = lows,
                Symbols = symbols,
            };
        }

        var wide = new NGramWideSlot[slots];
        var wideSymbols = new ushort[slots];
        for (int i = 0; i < slots; i++)
        {
            wide[i].Link = link[i];
            wide[i].Threshold = threshold[i];
            wide[i].Alias = (ushort)alias[i];
            wide[i].Symbol = (ushort)symbol[i];
            wideSymbols[i] = (ushort)symbol[i];
        }

        return new NGramTables(format, alphabet, order, startHandle, shortestName, nodeHandles, logProbability)
        {
            WideSlots = wide,
            WideSymbols = wideSymbols,
        };
    }
}
