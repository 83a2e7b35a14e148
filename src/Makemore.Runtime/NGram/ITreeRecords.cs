
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

    /// <summary>
    /// The first element's first byte of the array beside the records that <see cref="Step"/> reads: the narrow
    /// thresholds' low halves, the wide symbols. Kept in a register (or one stack slot) across the chains' loop.
    /// </summary>
    static abstract ref byte Side(scoped in NGramTable table);

    /// <summary>
    /// One draw of a chain that runs side by side with others (<see cref="TreeLanes"/>): from the block
    /// <paramref name="node"/>, with the random number <paramref name="bits"/>. A symbol drawn is returned with
    /// <paramref name="advance"/> 1, and <paramref name="node"/> becomes the node after it (<paramref name="start"/>
    /// after the end symbol 0); a draw that goes on (an escape, or a wide table's draw again) returns with
    /// <paramref name="advance"/> 0 and a meaningless symbol below the alphabet's length. <paramref name="excluded"/>
    /// is the wide tables' handle of the block last escaped from (0 for none), which narrow tables do not use. The
    /// caller pins the records <paramref name="slots"/> points into for as long as it steps: a step may prefetch a
    /// block by its address (<see cref="BlockPrefetch"/>).
    /// </summary>
    static abstract nuint Step(ulong bits, ref byte slots, ref byte side, ulong start, ref ulong node, ref ulong excluded, out nuint advance);
}
