using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System;
using Makemore.Modeling.Tables;
using Makemore.NGram;
using Xunit;

namespace Makemore.Tests.NGram;

/// <summary>
/// The eight chains' vector step (<see cref="NarrowLanes"/>) against the scalar step it stands in for
/// (<see cref="NarrowRecords.Step"/>): the same draws must write the same characters in the same places and leave
/// every chain at the same node, escapes, ends and tied thresholds included.
/// </summary>
public sealed class NarrowLanesTests
{
    private const int Lanes = 8;
    private const int Region = 4096;

    public static TheoryData<string, int, string> Models => new()
    {
        { "names", 3, "Kneser-Ney tuned" },
        { "names", 4, "Kneser-Ney tuned" },
        { "names", 6, "Kneser-Ney tuned" }, // beyond MaxRecordBytes in TreeLanes' choice, but the step must agree wherever it runs
        { "names", 3, "additive 0" }, // slots that are never drawn
        { "spaces", 3, "Kneser-Ney tuned" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void The_vector_step_writes_what_the_scalar_step_writes(string list, int order, string smoothing)
    {
        if (!Avx2.IsSupported)
        {
            return; // the vector step never runs here: TreeLanes takes the scalar one
        }

        string text = list == "names" ? DefaultData.Text : "ab\nba\nabba\na b\nbab\naab\nb a\nbb\nb  b\na. b";
        NGramTables tables = NGramTableBuilder.Build(NGramTestModels.All(text, order).Single(m => m.Name == smoothing).Model, NGramTableFormat.Narrow);
        const int steps = 400;
        var random = new Random(order * 31 + text.Length);
        var draws = new ulong[steps * Lanes];
        var expected = new char[Lanes * Region];
        var chains = new TreeLanes.Chains();
        for (int lane = 0; lane < Lanes; lane++)
        {
            chains[lane].Node = tables.StartHandle;
            chains[lane].Position = lane * Region;
        }

        TreeLanes.Chains start = chains;
        NGramTable table = NGramTestModels.Table(tables);
        int ties = 0;
        GCHandle pin = GCHandle.Alloc(tables.Slots, GCHandleType.Pinned);
        try
        {
            // The scalar steps, one draw at a time; every fourth draw made to tie the slot's threshold high half.
            for (int s = 0; s < steps; s++)
            {
                for (int lane = 0; lane < Lanes; lane++)
                {
                    ref TreeLanes.Chain chain = ref chains[lane];
                    ulong bits = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
                    if (random.Next(4) == 0)
                    {
                        bits = Tying(tables, chain.Node, random);
                        ties++;
                    }

                    draws[(s * Lanes) + lane] = bits;
                    ulong excluded = 0;
                    nuint symbol = NarrowRecords.Step(bits, ref NarrowRecords.Base(table), ref NarrowRecords.Side(table), tables.StartHandle, ref chain.Node, ref excluded, out nuint advance);
                    expected[chain.Position] = tables.Alphabet[(int)symbol];
                    chain.Position += (nint)advance;
                }
            }

            var actual = new char[Lanes * Region];
            TreeLanes.Chains vector = start;
            NarrowLanes.Block(ref tables.Slots[0], ref tables.ThresholdLows[0], tables.StartHandle, ref MemoryMarshal.GetReference(tables.Alphabet.AsSpan()), ref actual[0], ref draws[0], steps, ref vector);

            Assert.True(ties > steps, "the draws include ties");
            Assert.Equal(new string(expected), new string(actual));
            for (int lane = 0; lane < Lanes; lane++)
            {
                Assert.Equal(chains[lane].Node, vector[lane].Node);
                Assert.Equal(chains[lane].Position, vector[lane].Position);
            }
        }
        finally
        {
            pin.Free();
        }
    }

    /// <summary>A draw whose slot in the block <paramref name="node"/> is a random one and whose place within it ties that slot's threshold high half.</summary>
    private static ulong Tying(NGramTables tables, ulong node, Random random)
    {
        uint count = ((uint)node & 0xFF) + 1;
        int column = random.Next((int)count);
        ushort high = tables.Slots[(int)(node >> 9) + column].Threshold;

        // bits × count = column · 2^64 + high · 2^48 + a little: the product's high word is the column, its low
        // word's top 16 bits the threshold's.
        UInt128 product = ((UInt128)(ulong)column << 64) + ((UInt128)high << 48) + (ulong)random.NextInt64(1L << 40);
        return (ulong)((product + count - 1) / count);
    }
}
