
namespace Makemore.NGram;

/// <summary>
/// One sampling step through a block of an order-n model's tables, for one record format
/// (<see cref="Makemore.Modeling.Tables.NGramTableFormat"/>): the sampler's loop is written once over this, and the JIT
/// compiles it once per format, each step inlined.
/// </summary>
internal interface ITreeRecords
{
    /// <summary>The first record's first byte, which the loop keeps in a register across the name.</summary>
    static abstract ref byte Base(scoped in NGramTable table);

    /// <summary>
    /// Draws from the block <paramref name="node"/> (and the escape tables it leads to) until a symbol comes out;
    /// returns it and leaves in <paramref name="node"/> the handle to go on from.
    /// </summary>
    static abstract nuint Draw<TRandom>(ref TRandom random, ref byte slots, scoped in NGramTable table, ref ulong node)
        where TRandom : struct, IRandomSource;
}
