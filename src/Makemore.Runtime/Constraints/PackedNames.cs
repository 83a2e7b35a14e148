namespace Makemore.Constraints;

/// <summary>The distinct names of a list as a hash set of symbol strings (laid out by <see cref="NameSetBuilder"/>, read by <see cref="NameSet"/>).</summary>
internal sealed class PackedNames(uint[] offsets, ushort[] symbols, int count)
{
    /// <summary>B + 1 offsets into <see cref="Symbols"/>: bucket b's names lie between offsets b and b + 1.</summary>
    public uint[] Offsets { get; } = offsets;

    /// <summary>Each name's symbols, then 0.</summary>
    public ushort[] Symbols { get; } = symbols;

    /// <summary>The number of distinct names.</summary>
    public int Count { get; } = count;

    /// <summary>Bytes held: what <c>ContainsName</c> and novel draws cost a model.</summary>
    public long Bytes => (4L * Offsets.Length) + (2L * Symbols.Length);
}
