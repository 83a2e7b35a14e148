// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling;

/// <summary>
/// An order-n model as flat arrays, the form the generator emits as constant data and the run-time kernels read
/// (<c>Makemore.NGram.NGramSampler</c>, <c>NGramLikelihood</c>). Built by <see cref="NGramTableBuilder"/>.
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
/// are: first slot &lt;&lt; 9 | has-escape &lt;&lt; 8 | (slot count − 1). The kernels follow handles and never need
/// a node index.
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
/// byte says how many pairs are the node's own (0 in every other block): the same sums, term for term.
/// </para>
/// <para>
/// <see cref="Slots"/> has three regions, all 8-byte records so that generated code emits one array of words:
/// S sampling slots (<see cref="NGramSlot"/>, S = <see cref="SlotCount"/> = <see cref="Symbols"/>.Length, the
/// nodes' blocks and the escape tables'), then ⌈S/2⌉ records of two floats, ln P(w | c) of each pair slot and
/// ln γ_c of each escape slot, then ⌈S/4⌉ records of four 16-bit low halves of the slots' keep thresholds
/// (little-endian, slot i at position i of each region). The sampler reads the first region only, and the
/// threshold region only when the draw's high 16 bits equal a slot's (1 step in 65,536); scoring reads symbols,
/// links and log-probabilities.
/// </para>
/// <para>
/// Sizes: 8 + 4 + 2 bytes per slot plus 1 in <see cref="Symbols"/> (the slots' symbols again, contiguous, for a
/// vectorised search when scoring); slots = pairs + nodes without all V pairs + the escape tables' slots (about
/// as many again at order 6).
/// </para>
/// </remarks>
internal sealed class NGramTables
{
    /// <summary>Bits of a handle below the first slot index.</summary>
    public const int HandleShift = 9;

    /// <summary>Most slots a table can address with 32-bit handles.</summary>
    public const int MaxSlots = 1 << (32 - HandleShift);

    /// <summary>Most slots of a block (its handle holds the count − 1 in 8 bits).</summary>
    public const int MaxBlockSlots = 256;

    public NGramTables(string alphabet, int order, uint startHandle, int shortestName, NGramSlot[] slots, byte[] symbols, uint[] nodeHandles)
    {
        Alphabet = alphabet;
        Order = order;
        StartHandle = startHandle;
        ShortestName = shortestName;
        Slots = slots;
        Symbols = symbols;
        NodeHandles = nodeHandles;
    }

    /// <summary>'.' then the sorted symbols.</summary>
    public string Alphabet { get; }

    /// <summary>n.</summary>
    public int Order { get; }

    /// <summary>The handle of the node of n − 1 start tokens, where every name begins.</summary>
    public uint StartHandle { get; }

    /// <summary>The fewest symbols of a name the model can produce (0 when it may end at once).</summary>
    public int ShortestName { get; }

    /// <summary>The sampling slots (every node's and escape table's block, in the order <see cref="NGramBlockLayout"/> gives them), then the log-probability and threshold regions.</summary>
    public NGramSlot[] Slots { get; }

    /// <summary>Per slot, its symbol (0 for an escape): the search array of scoring.</summary>
    public byte[] Symbols { get; }

    /// <summary>Each node's handle, by node number (level by level from the root); not needed by the kernels. Escape tables are reached through the nodes' escape slots.</summary>
    public uint[] NodeHandles { get; }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => NodeHandles.Length;

    /// <summary>Number of sampling slots, S.</summary>
    public int SlotCount => Symbols.Length;

    /// <summary>Bytes of the tables: all three regions of <see cref="Slots"/> and the symbols.</summary>
    public long TotalBytes => (8L * Slots.Length) + Symbols.Length;

    /// <summary>Records in <see cref="Slots"/> for S sampling slots: S + ⌈S/2⌉ + ⌈S/4⌉.</summary>
    public static int RecordCount(int slots) => slots + ((slots + 1) / 2) + ((slots + 3) / 4);

    /// <summary>Index of the log-probability region's first record.</summary>
    public static int LogProbabilityRegion(int slots) => slots;

    /// <summary>Index of the threshold region's first record.</summary>
    public static int ThresholdRegion(int slots) => slots + ((slots + 1) / 2);

    /// <summary>The handle of a node whose slots start at <paramref name="first"/>.</summary>
    public static uint Handle(int first, int count, bool escape) =>
        first >= 0 && first < MaxSlots && count >= 1 && count <= MaxBlockSlots
            ? ((uint)first << HandleShift) | (escape ? 1u << 8 : 0u) | (uint)(count - 1)
            : throw new ArgumentOutOfRangeException(nameof(first), first, $"A table holds at most {MaxSlots} slots and a block at most {MaxBlockSlots}.");
}
