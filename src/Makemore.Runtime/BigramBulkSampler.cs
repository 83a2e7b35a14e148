using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;

namespace Makemore;

/// <summary>
/// Fills a caller's buffer with many names at once: the names as lines, each followed by <c>'\n'</c>, so the
/// result is itself a names list (an empty line is an empty name, which a model with P['.', '.'] &gt; 0 can draw).
/// Allocation-free; several times faster per name than <see cref="BigramSampler"/>, which can only follow one
/// name's chain of dependent table loads at a time.
/// </summary>
/// <remarks>
/// <para>
/// How: the buffer is split into <see cref="Lanes"/> regions, and each lane runs the bigram chain through its own
/// region, writing '\n' where the chain passes through '.', so that every step writes exactly one character and
/// the lanes advance in lockstep without a branch per name. The lanes' chains are independent, so the processor
/// overlaps their table loads. Each lane has its own xoshiro256** stream, seeded from the caller's generator on
/// every call (4 draws per lane, each passed through SplitMix64's mixer); the lanes' random numbers are made a
/// block at a time with SIMD where the processor has it (AVX-512 or AVX2), with the same values either way. The kept names
/// are then moved together, and what space is left at the end is filled by a single lane the same way.
/// </para>
/// <para>
/// What is kept, so that the names are independent draws from the model and none is truncated: a name is kept
/// when it starts at least <c>maxNameLength + 1</c> characters before the end of its region (a rule that looks
/// only at the names before it) and is no longer than <c>maxNameLength</c>. Names are therefore drawn from the
/// model conditioned on length ≤ <c>maxNameLength</c>, exactly as <see cref="BigramSampler"/> conditions on the
/// destination's length; the default, 64, is far beyond any name list's longest name. Filling stops when fewer
/// than <c>maxNameLength + 1</c> characters remain.
/// </para>
/// <para>
/// The output is a deterministic function of the generator's state, the tables, the buffer's length and
/// <c>maxNameLength</c>, on every processor.
/// </para>
/// <para>
/// The loops are compiled fully optimised at once (<see cref="MethodImplOptions.AggressiveOptimization"/>): left
/// to tiering, the block maker was sometimes never promoted from its instrumented first tier within a run, which
/// doubled the time per name.
/// </para>
/// </remarks>
public static class BigramBulkSampler
{
    /// <summary>The longest name kept unless the caller says otherwise; longer draws are discarded.</summary>
    public const int DefaultMaxNameLength = 64;

    /// <summary>Names drawn side by side by <see cref="SampleLines"/>.</summary>
    public const int Lanes = 8;

    /// <summary>
    /// Characters per chunk of <see cref="SampleLinesParallel"/>: each chunk is filled by one thread from its own
    /// generator, whatever the number of threads.
    /// </summary>
    public const int ParallelChunkLength = 1 << 16;

    // Lanes are used only when each region is at least this many times maxNameLength + 1, so that the unused
    // end of each region (under maxNameLength + 1 characters) is a small part of it.
    private const int MinimumRegionsPerReserve = 4;

    // Steps of random numbers made at a time: BlockSteps × Lanes values, 2 KiB of stack.
    private const int BlockSteps = 32;

    /// <summary>
    /// Fills <paramref name="destination"/> with whole names, each followed by <c>'\n'</c>, and returns how many
    /// were written. Allocates nothing.
    /// </summary>
    /// <typeparam name="TRandom">The random source; it seeds the lanes' generators (4 × <see cref="Lanes"/> draws per call).</typeparam>
    /// <param name="random">The random source, advanced by the call.</param>
    /// <param name="aliasTable">The model's V×V alias table.</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <param name="shortestSampleLength">The shortest name the table can produce.</param>
    /// <param name="destination">Where the names are written, from its start; the characters after them are used as scratch space and left unspecified.</param>
    /// <param name="charsWritten">How many characters were written: the names and their '\n's.</param>
    /// <param name="maxNameLength">The longest name kept (see remarks); at least <paramref name="shortestSampleLength"/>.</param>
    /// <returns>The number of names written (the number of '\n's in <c>destination[..charsWritten]</c>).</returns>
    /// <exception cref="ArgumentException">The tables are malformed, or the model cannot produce a finite name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNameLength"/> is below the shortest name the model can produce.</exception>
    public static int SampleLines<TRandom>(
        ref TRandom random,
        ReadOnlySpan<uint> aliasTable,
        ReadOnlySpan<char> alphabet,
        int shortestSampleLength,
        Span<char> destination,
        out int charsWritten,
        int maxNameLength = DefaultMaxNameLength)
        where TRandom : struct, IRandomSource
    {
        Validate(aliasTable, alphabet, shortestSampleLength, maxNameLength);
        LaneStates lanes = default;
        Span<ulong> words = lanes;
        for (int lane = 0; lane < Lanes; lane++)
        {
            ulong any = 0;
            for (int word = 0; word < 4; word++)
            {
                ulong value = Xoshiro256StarStar.Mix(random.NextUInt64());
                words[(word * Lanes) + lane] = value;
                any |= value;
            }

            if (any == 0)
            {
                words[lane] = 0x9E3779B97F4A7C15UL; // the all-zero state is xoshiro's one fixed point
            }
        }

        return Fill(ref lanes, aliasTable, alphabet, destination, maxNameLength, out charsWritten);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with whole names, each followed by <c>'\n'</c>, on several threads;
    /// the result depends only on the generator, the tables, the buffer's length and <paramref name="maxNameLength"/>,
    /// not on the number of threads or their scheduling.
    /// </summary>
    /// <remarks>
    /// The buffer is cut into chunks of <see cref="ParallelChunkLength"/> characters. Chunk k is filled as by
    /// <see cref="SampleLines"/> from a copy of <paramref name="random"/> advanced by k calls to
    /// <see cref="Xoshiro256StarStar.Jump"/>, so the chunks draw from non-overlapping streams. The chunks' names
    /// are then moved together and the space left at the end is filled from the next jumped copy. On return,
    /// <paramref name="random"/> has jumped once more than the last copy used. Allocates a few small arrays.
    /// </remarks>
    /// <param name="random">The generator; it is advanced by whole jumps.</param>
    /// <param name="aliasTable">The model's V×V alias table.</param>
    /// <param name="alphabet">The model's alphabet ('.' first).</param>
    /// <param name="shortestSampleLength">The shortest name the table can produce.</param>
    /// <param name="destination">Where the names are written, from its start; the characters after them are used as scratch space and left unspecified.</param>
    /// <param name="charsWritten">How many characters were written: the names and their '\n's.</param>
    /// <param name="maxNameLength">The longest name kept; at least <paramref name="shortestSampleLength"/>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads used; −1 for as many as the scheduler likes.</param>
    /// <returns>The number of names written.</returns>
    /// <exception cref="ArgumentException">The tables are malformed, or the model cannot produce a finite name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNameLength"/> is below the shortest name the model can produce, or <paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    public static int SampleLinesParallel(
        ref Xoshiro256StarStar random,
        ReadOnlySpan<uint> aliasTable,
        ReadOnlySpan<char> alphabet,
        int shortestSampleLength,
        Memory<char> destination,
        out int charsWritten,
        int maxNameLength = DefaultMaxNameLength,
        int maxDegreeOfParallelism = -1)
    {
        Validate(aliasTable, alphabet, shortestSampleLength, maxNameLength);
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use −1 or a positive number of threads.");
        }

        int chunks = (int)(((long)destination.Length + ParallelChunkLength - 1) / ParallelChunkLength);
        var generators = new Xoshiro256StarStar[chunks];
        Xoshiro256StarStar next = random;
        for (int k = 0; k < chunks; k++)
        {
            generators[k] = next;
            next.Jump();
        }

        uint[] table = aliasTable.ToArray();
        string symbols = alphabet.ToString();
        var names = new int[chunks];
        var lengths = new int[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, k =>
        {
            int start = k * ParallelChunkLength;
            Span<char> chunk = destination.Span.Slice(start, Math.Min(ParallelChunkLength, destination.Length - start));
            names[k] = SampleLines(ref generators[k], table, symbols, shortestSampleLength, chunk, out lengths[k], maxNameLength);
        });

        // Every move is to a lower offset than its source (or the same): in order, nothing is overwritten unread.
        Span<char> all = destination.Span;
        int written = 0;
        int total = 0;
        for (int k = 0; k < chunks; k++)
        {
            all.Slice(k * ParallelChunkLength, lengths[k]).CopyTo(all[written..]);
            written += lengths[k];
            total += names[k];
        }

        Xoshiro256StarStar tail = next;
        total += SampleLines(ref tail, table, symbols, shortestSampleLength, all[written..], out int tailLength, maxNameLength);
        written += tailLength;
        next.Jump();
        random = next;
        charsWritten = written;
        return total;
    }

    private static void Validate(ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet, int shortestSampleLength, int maxNameLength)
    {
        BigramSampler.CheckTable(aliasTable, alphabet);
        if (alphabet.Length > 256)
        {
            throw new ArgumentException("An alphabet holds at most 256 symbols, '.' included.", nameof(alphabet));
        }

        // The lanes index the table without bounds checks: every alias must name a symbol.
        uint v = (uint)alphabet.Length;
        foreach (uint entry in aliasTable)
        {
            if ((entry & 0xFF) >= v)
            {
                throw new ArgumentException($"The alias table has an alias {entry & 0xFF} outside a {v}-symbol alphabet.", nameof(aliasTable));
            }
        }

        if (shortestSampleLength < 0)
        {
            throw new ArgumentException("The model cannot produce a finite name: no path leads from the start token back to the end token.", nameof(shortestSampleLength));
        }

        if (maxNameLength < shortestSampleLength || maxNameLength == int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNameLength), maxNameLength, $"The shortest name this model can produce has {shortestSampleLength} characters.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Fill(ref LaneStates lanes, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> alphabet, Span<char> destination, int maxNameLength, out int charsWritten)
    {
        int v = alphabet.Length;
        Span<char> lineChars = stackalloc char[v];
        alphabet.CopyTo(lineChars);
        lineChars[0] = '\n';
        int reserve = maxNameLength + 1;
        int written = 0;
        int names = 0;

        int region = destination.Length / Lanes;
        if (region / MinimumRegionsPerReserve >= reserve)
        {
            RunLanes(ref lanes, aliasTable, lineChars, destination[..(region * Lanes)], region);
            for (int lane = 0; lane < Lanes; lane++)
            {
                names += Keep(destination, lane * region, region, maxNameLength, ref written);
            }
        }

        // What is left: one lane (lane 0's generator, carried on) until fewer than maxNameLength + 1 characters
        // remain, or a pass keeps nothing (every draw too long).
        Span<ulong> words = lanes;
        var single = new Xoshiro256StarStar(words[0], words[Lanes], words[2 * Lanes], words[3 * Lanes]);
        while (destination.Length - written >= reserve)
        {
            int start = written;
            int length = destination.Length - start;
            RunOneLane(ref single, aliasTable, lineChars, destination.Slice(start, length));
            int kept = Keep(destination, start, length, maxNameLength, ref written);
            names += kept;
            if (kept == 0)
            {
                break;
            }
        }

        charsWritten = written;
        return names;
    }

    /// <summary>
    /// Keeps the names of a filled region that start at least maxNameLength + 1 characters before its end and are
    /// no longer than maxNameLength, moving them to <c>destination[written..]</c> (never past the region's start).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Keep(Span<char> destination, int start, int length, int maxNameLength, ref int written)
    {
        ReadOnlySpan<char> region = destination.Slice(start, length);
        int limit = length - (maxNameLength + 1);
        int newline = region[limit..].IndexOf('\n');
        int end = newline >= 0
            ? limit + newline + 1 // the name that spans the limit started before it: it is the last one kept
            : region[..limit].LastIndexOf('\n') + 1; // that name runs past the region: too long, so it goes
        ReadOnlySpan<char> kept = region[..end];
        int names = kept.Count('\n');

        // Drop any name longer than maxNameLength; CopyTo moves overlapping spans correctly.
        int copiedFrom = 0;
        int searchFrom = 0;
        while (FindLongLine(kept, searchFrom, maxNameLength, out int lineStart, out int lineEnd))
        {
            kept[copiedFrom..lineStart].CopyTo(destination[written..]);
            written += lineStart - copiedFrom;
            copiedFrom = lineEnd + 1;
            searchFrom = lineEnd + 1;
            names--;
        }

        kept[copiedFrom..].CopyTo(destination[written..]);
        written += kept.Length - copiedFrom;
        return names;
    }

    /// <summary>
    /// Finds the first line (from <paramref name="from"/>, a line start) longer than <paramref name="maxNameLength"/>;
    /// <paramref name="text"/> ends with '\n'.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FindLongLine(ReadOnlySpan<char> text, int from, int maxNameLength, out int lineStart, out int lineEnd)
    {
        const int Block = 16;
        if (Vector256.IsHardwareAccelerated && maxNameLength >= (2 * Block) - 1)
        {
            // A line of 2 × 16 − 1 characters or more covers a whole 16-character block of any grid, so only
            // blocks without a '\n' need a closer look.
            Vector256<ushort> newline = Vector256.Create((ushort)'\n');
            ref ushort text0 = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            int i = from;
            while (i + Block <= text.Length)
            {
                if (Vector256.EqualsAny(Vector256.LoadUnsafe(ref text0, (nuint)i), newline))
                {
                    i += Block;
                    continue;
                }

                int start = text[..i].LastIndexOf('\n') + 1;
                int end = i + text[i..].IndexOf('\n');
                if (end - start > maxNameLength)
                {
                    lineStart = start;
                    lineEnd = end;
                    return true;
                }

                i = end + 1;
            }
        }
        else
        {
            int start = from;
            for (int i = from; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    if (i - start > maxNameLength)
                    {
                        lineStart = start;
                        lineEnd = i;
                        return true;
                    }

                    start = i + 1;
                }
            }
        }

        lineStart = lineEnd = -1;
        return false;
    }

    /// <summary>Runs the <see cref="Lanes"/> chains through their regions of <paramref name="region"/> characters, in lockstep.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunLanes(ref LaneStates lanes, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> lineChars, Span<char> destination, int region)
    {
        uint v = (uint)lineChars.Length;
        ref uint table = ref MemoryMarshal.GetReference(aliasTable);
        ref char chars = ref MemoryMarshal.GetReference(lineChars);
        ref char output = ref MemoryMarshal.GetReference(destination);
        Span<uint> block = stackalloc uint[BlockSteps * Lanes];
        ref uint block0 = ref MemoryMarshal.GetReference(block);
        nint stride = region;
        uint symbol0 = 0, symbol1 = 0, symbol2 = 0, symbol3 = 0, symbol4 = 0, symbol5 = 0, symbol6 = 0, symbol7 = 0;
        for (int step = 0; step < region; step += BlockSteps)
        {
            int steps = Math.Min(BlockSteps, region - step);
            MakeBlock(ref lanes, block, steps, v);
            ref char at = ref Unsafe.Add(ref output, step);
            for (nint s = 0; s < steps; s++)
            {
                // destination.Length == Lanes × region, so lane l's step s lands inside it; aliases were checked < V.
                ref uint draws = ref Unsafe.Add(ref block0, s * Lanes);
                ref char cell = ref Unsafe.Add(ref at, s);
                cell = Token(draws, ref table, ref chars, v, ref symbol0);
                Unsafe.Add(ref cell, stride) = Token(Unsafe.Add(ref draws, 1), ref table, ref chars, v, ref symbol1);
                Unsafe.Add(ref cell, 2 * stride) = Token(Unsafe.Add(ref draws, 2), ref table, ref chars, v, ref symbol2);
                Unsafe.Add(ref cell, 3 * stride) = Token(Unsafe.Add(ref draws, 3), ref table, ref chars, v, ref symbol3);
                Unsafe.Add(ref cell, 4 * stride) = Token(Unsafe.Add(ref draws, 4), ref table, ref chars, v, ref symbol4);
                Unsafe.Add(ref cell, 5 * stride) = Token(Unsafe.Add(ref draws, 5), ref table, ref chars, v, ref symbol5);
                Unsafe.Add(ref cell, 6 * stride) = Token(Unsafe.Add(ref draws, 6), ref table, ref chars, v, ref symbol6);
                Unsafe.Add(ref cell, 7 * stride) = Token(Unsafe.Add(ref draws, 7), ref table, ref chars, v, ref symbol7);
            }
        }
    }

    /// <summary>One lane through the whole of <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunOneLane(ref Xoshiro256StarStar random, ReadOnlySpan<uint> aliasTable, ReadOnlySpan<char> lineChars, Span<char> destination)
    {
        uint v = (uint)lineChars.Length;
        ref uint table = ref MemoryMarshal.GetReference(aliasTable);
        ref char chars = ref MemoryMarshal.GetReference(lineChars);
        Xoshiro256StarStar rng = random;
        uint symbol = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Token(Pack(rng.NextUInt64(), v), ref table, ref chars, v, ref symbol);
        }

        random = rng;
    }

    /// <summary>One step of one chain: the character written ('\n' for the end token); <paramref name="previous"/> becomes the symbol drawn.</summary>
    /// <remarks>
    /// Written for throughput rather than latency (the lanes hide each other's latency): the fewest operations,
    /// with the multiplication by V at the start of the chain rather than a select between two scaled rows.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static char Token(uint draw, ref uint table, ref char chars, uint v, ref uint previous)
    {
        uint column = draw & 0xFF;
        uint entry = Unsafe.Add(ref table, (nint)((previous * v) + column));
        uint keep = (uint)((long)((ulong)(draw | 0xFF) - entry) >> 63); // as BigramSampler.KeepMask
        uint alias = entry & 0xFF;
        previous = alias ^ ((alias ^ column) & keep);
        return Unsafe.Add(ref chars, (nint)previous);
    }

    /// <summary>
    /// A draw as the lanes use it: bits 8..31 of the draw (all the keep/alias choice looks at) and the column in
    /// bits 0..7 (V ≤ 256).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Pack(ulong r, uint v) => ((uint)r & 0xFFFF_FF00u) | BigramSampler.Column(r, v);

    /// <summary>Makes <paramref name="steps"/> × <see cref="Lanes"/> packed draws, lane by lane within each step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MakeBlock(ref LaneStates lanes, Span<uint> block, int steps, uint v)
    {
        Span<ulong> words = lanes;
        if (Avx512F.IsSupported)
        {
            // All 8 lanes in one vector per state word; word w of lane l is words[w × Lanes + l].
            ref ulong w = ref MemoryMarshal.GetReference(words);
            Vector512<ulong> s0 = Vector512.LoadUnsafe(ref w, 0);
            Vector512<ulong> s1 = Vector512.LoadUnsafe(ref w, 8);
            Vector512<ulong> s2 = Vector512.LoadUnsafe(ref w, 16);
            Vector512<ulong> s3 = Vector512.LoadUnsafe(ref w, 24);
            Vector512<uint> scale = Vector512.Create((ulong)v).AsUInt32();
            ref uint output = ref MemoryMarshal.GetReference(block);
            for (nuint s = 0; s < (nuint)steps; s++)
            {
                Vector512<ulong> times5 = s1 + (s1 << 2);
                Vector512<ulong> rotated = Avx512F.RotateLeft(times5, 7);
                Vector512<ulong> r = rotated + (rotated << 3);
                Vector512<ulong> t = s1 << 17;
                s2 ^= s0;
                s3 ^= s1;
                s1 ^= s2;
                s0 ^= s3;
                s2 ^= t;
                s3 = Avx512F.RotateLeft(s3, 45);
                Vector512<ulong> column = Avx512F.Multiply((r >>> 32).AsUInt32(), scale) >>> 32;
                Avx512F.ConvertToVector256UInt32((r & Vector512.Create(0xFFFF_FF00UL)) | column).StoreUnsafe(ref output, s * Lanes);
            }

            s0.StoreUnsafe(ref w, 0);
            s1.StoreUnsafe(ref w, 8);
            s2.StoreUnsafe(ref w, 16);
            s3.StoreUnsafe(ref w, 24);
            return;
        }

        if (Avx2.IsSupported)
        {
            // Lanes 0–3 in the "a" vectors, 4–7 in the "b" vectors; word w of lane l is words[w × Lanes + l].
            ref ulong w = ref MemoryMarshal.GetReference(words);
            Vector256<ulong> a0 = Vector256.LoadUnsafe(ref w, 0), b0 = Vector256.LoadUnsafe(ref w, 4);
            Vector256<ulong> a1 = Vector256.LoadUnsafe(ref w, 8), b1 = Vector256.LoadUnsafe(ref w, 12);
            Vector256<ulong> a2 = Vector256.LoadUnsafe(ref w, 16), b2 = Vector256.LoadUnsafe(ref w, 20);
            Vector256<ulong> a3 = Vector256.LoadUnsafe(ref w, 24), b3 = Vector256.LoadUnsafe(ref w, 28);
            Vector256<uint> scale = Vector256.Create((ulong)v).AsUInt32();
            ref uint output = ref MemoryMarshal.GetReference(block);
            for (nuint s = 0; s < (nuint)steps; s++)
            {
                Vector256<ulong> a = Pack(NextVector(ref a0, ref a1, ref a2, ref a3), scale);
                Vector256<ulong> b = Pack(NextVector(ref b0, ref b1, ref b2, ref b3), scale);
                Vector256.Narrow(a, b).StoreUnsafe(ref output, s * Lanes);
            }

            a0.StoreUnsafe(ref w, 0);
            b0.StoreUnsafe(ref w, 4);
            a1.StoreUnsafe(ref w, 8);
            b1.StoreUnsafe(ref w, 12);
            a2.StoreUnsafe(ref w, 16);
            b2.StoreUnsafe(ref w, 20);
            a3.StoreUnsafe(ref w, 24);
            b3.StoreUnsafe(ref w, 28);
            return;
        }

        for (int lane = 0; lane < Lanes; lane++)
        {
            var rng = new Xoshiro256StarStar(words[lane], words[Lanes + lane], words[(2 * Lanes) + lane], words[(3 * Lanes) + lane]);
            for (int s = 0; s < steps; s++)
            {
                block[(s * Lanes) + lane] = Pack(rng.NextUInt64(), v);
            }

            (words[lane], words[Lanes + lane], words[(2 * Lanes) + lane], words[(3 * Lanes) + lane]) = rng.State;
        }
    }

    /// <summary>xoshiro256** on four generators at once (the same arithmetic as <see cref="Xoshiro256StarStar.NextUInt64"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> NextVector(ref Vector256<ulong> s0, ref Vector256<ulong> s1, ref Vector256<ulong> s2, ref Vector256<ulong> s3)
    {
        Vector256<ulong> times5 = s1 + (s1 << 2);
        Vector256<ulong> rotated = (times5 << 7) | (times5 >>> 57);
        Vector256<ulong> result = rotated + (rotated << 3);
        Vector256<ulong> t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 45) | (s3 >>> 19);
        return result;
    }

    /// <summary>The vector form of <see cref="Pack(ulong, uint)"/>, in the low half of each 64-bit element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Pack(Vector256<ulong> r, Vector256<uint> scale)
    {
        // (r >> 32) × V with a 32×32→64 multiply; its high word is the column.
        Vector256<ulong> column = Avx2.Multiply((r >>> 32).AsUInt32(), scale) >>> 32;
        return (r & Vector256.Create(0xFFFF_FF00UL)) | column;
    }

    /// <summary>The lanes' generators: word w of lane l at index w × <see cref="Lanes"/> + l.</summary>
    [InlineArray(4 * Lanes)]
    private struct LaneStates
    {
        private ulong _word;
    }
}
