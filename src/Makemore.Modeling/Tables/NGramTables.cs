// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling.Tables;

/// <summary>
/// An order-n model as flat arrays, the form the run-time kernels read (<c>Makemore.NGram.NGramSampler</c>,
/// <c>NGramLikelihood</c>). Built by <see cref="NGramTableBuilder"/>, written by <see cref="NGramSlotWriter"/>.
/// </summary>
/// <remarks>
/// The layout — nodes, blocks, slots and handles, escape tables and merged blocks, the narrow and wide formats, and
/// why sampling and scoring through them give P(w | c) exactly — is described in docs/architecture.md, "The tables".
/// </remarks>
internal sealed class NGramTables
{
    /// <summary>Tables whose slot records the caller sets (<see cref="NGramSlotWriter.ToTables"/>).</summary>
    public NGramTables(NGramTableFormat format, string alphabet, int order, ulong startHandle, int shortestName, ulong[] nodeHandles, float[] logProbabilities)
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
    public NGramSlot[] Slots { get; init; } = [];

    /// <summary>Narrow tables: per slot, the low 16 bits of its keep threshold.</summary>
    public ushort[] ThresholdLows { get; init; } = [];

    /// <summary>Narrow tables: per slot, its symbol (0 for an escape): the search array of scoring.</summary>
    public byte[] Symbols { get; init; } = [];

    /// <summary>Wide tables: the sampling slots; empty for narrow ones.</summary>
    public NGramWideSlot[] WideSlots { get; init; } = [];

    /// <summary>Wide tables: per slot, its symbol (0 for an escape).</summary>
    public ushort[] WideSymbols { get; init; } = [];

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
}
