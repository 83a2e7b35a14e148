using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Makemore.Sampling;

/// <summary>
/// Chooses which lines of a region the lanes filled are kept, and moves them together: the rule that makes the
/// bulk sampler's names independent draws of the model conditioned on length ≤ maxNameLength.
/// </summary>
internal static class LineCompaction
{
    /// <summary>
    /// Keeps the names of a filled region that start at least maxNameLength + 1 characters before its end and are
    /// no longer than maxNameLength, moving them to <c>destination[written..]</c> (never past the region's start).
    /// </summary>
    /// <returns>The number of names kept.</returns>
    /// <remarks>
    /// The start rule looks only at the names before a name, never at its own length, so it does not bias which
    /// names are kept; a name that runs past the region is too long for the rule and is dropped.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Keep(Span<char> destination, int start, int length, int maxNameLength, ref int written)
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
}
