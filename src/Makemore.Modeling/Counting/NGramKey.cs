// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling.Counting;

/// <summary>
/// A node number and a symbol packed into a <see cref="ulong"/>: the key of a (context, next symbol) pair, and of a
/// context as (its parent context, its oldest symbol). Keys of one level sort by node and then by symbol, so a
/// level's pairs sorted by key are grouped by context with each context's symbols ascending.
/// </summary>
/// <remarks>
/// Contexts are numbered level by level (<see cref="NGramLevel"/>): a context of L symbols is its parent — the
/// context of its L − 1 newest symbols, a node of level L − 1 — extended by one older symbol. Naming a context by
/// its parent's number rather than by its symbols keeps every key in 64 bits whatever the order and however many
/// symbols the alphabet has (up to 2^16).
/// </remarks>
internal static class NGramKey
{
    /// <summary>Bits of the symbol: the low 16.</summary>
    public const int SymbolBits = 16;

    /// <summary>The largest order.</summary>
    public const int MaxOrder = 8;

    /// <summary>The key of <paramref name="symbol"/> after (or before) node <paramref name="node"/>.</summary>
    public static ulong Of(int node, int symbol) => ((ulong)(uint)node << SymbolBits) | (uint)symbol;

    /// <summary>The node of a key.</summary>
    public static int Node(ulong key) => (int)(key >> SymbolBits);

    /// <summary>The symbol of a key.</summary>
    public static int Symbol(ulong key) => (int)(key & 0xFFFF);
}
