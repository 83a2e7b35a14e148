// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling;

/// <summary>
/// An order-n model as flat arrays, the form the generator emits as constant data and the run-time kernels read
/// (<c>Makemore.NGram.NGramSampler</c>, <c>NGramLikelihood</c>). Built by <see cref="NGramTableBuilder"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Nodes</b> are the model's contexts (a suffix-closed set, root = the empty context = node 0), numbered level
/// by level. Node c owns the <b>slots</b> [NodeStart[c], NodeStart[c + 1]): first one slot per symbol w seen
/// after c (a <i>pair</i>), in ascending symbol order, then — unless c has a pair for all V symbols — one
/// <i>escape</i> slot. The root always has all V pairs, so it has no escape slot.
/// </para>
/// <para>
/// A pair slot holds its symbol, ln P(w | c) (the full interpolated probability, as float), and Next = the node
/// to continue from after w: the longest node that is a suffix of c·w (0 after the end symbol). An escape slot
/// holds Next = ~parent(c) (negative, which is how it is told apart), ln γ_c, and symbol 0 (unused).
/// </para>
/// <para>
/// Sampling: each node's slots are one alias table (Threshold, Alias per slot) over the weights P(w | c) for its
/// pairs and M_c = 1 − Σ_pairs P(w | c) for the escape. A draw that lands on a pair yields w; one that lands on
/// the escape continues at the parent, excluding the symbols that are pairs of c (drawn again if hit). This is
/// P(w | c) exactly: for w not a pair of c, P(w | c) = γ_c P(w | parent) = M_c · P(w | parent) / Σ_{w' ∉ pairs(c)}
/// P(w' | parent). Pairs of a node are pairs of its parent too, so only the node just escaped from is checked.
/// Scoring: ln P(w | c) is the pair's entry when w is a pair of c, else ln γ_c plus the score at the parent.
/// </para>
/// <para>
/// Sizes: 4 bytes per node (NodeStart) and 14 bytes per slot (Symbol 1, Alias 1, Next 4, LogProbability 4,
/// Threshold 4); slots = pairs + nodes without a full set of pairs.
/// </para>
/// </remarks>
internal sealed class NGramTables
{
    public NGramTables(string alphabet, int order, int startNode, int shortestName, int[] nodeStart, byte[] symbol, int[] next, float[] logProbability, uint[] threshold, byte[] alias)
    {
        Alphabet = alphabet;
        Order = order;
        StartNode = startNode;
        ShortestName = shortestName;
        NodeStart = nodeStart;
        Symbol = symbol;
        Next = next;
        LogProbability = logProbability;
        Threshold = threshold;
        Alias = alias;
    }

    /// <summary>'.' then the sorted symbols.</summary>
    public string Alphabet { get; }

    /// <summary>n.</summary>
    public int Order { get; }

    /// <summary>The node of the n − 1 start tokens, where every name begins.</summary>
    public int StartNode { get; }

    /// <summary>The fewest symbols of a name the model can produce (0 when it may end at once).</summary>
    public int ShortestName { get; }

    /// <summary>Node c's slots are [NodeStart[c], NodeStart[c + 1]); length nodes + 1.</summary>
    public int[] NodeStart { get; }

    /// <summary>Per slot: the pair's symbol (0 = end); 0 in an escape slot.</summary>
    public byte[] Symbol { get; }

    /// <summary>Per slot: the node after the pair's symbol, or ~parent for an escape slot.</summary>
    public int[] Next { get; }

    /// <summary>Per slot: ln P(w | c) for a pair, ln γ_c for an escape.</summary>
    public float[] LogProbability { get; }

    /// <summary>
    /// Per slot: keep the drawn slot when the draw's 32-bit uniform is below this, else take the node's slot
    /// <see cref="Alias"/> (a slot that is always kept has its own index as alias).
    /// </summary>
    public uint[] Threshold { get; }

    /// <summary>Per slot: the alias, as an index among the node's slots.</summary>
    public byte[] Alias { get; }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => NodeStart.Length - 1;

    /// <summary>Number of slots.</summary>
    public int SlotCount => Symbol.Length;

    /// <summary>Bytes of all arrays (the alphabet aside).</summary>
    public long TotalBytes => (4L * NodeStart.Length) + (14L * SlotCount);
}
