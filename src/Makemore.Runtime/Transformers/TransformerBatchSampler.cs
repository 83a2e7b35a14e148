using System;
using System.Runtime.InteropServices;

namespace Makemore.Transformers;

/// <summary>
/// Draws names several at a time: each step advances every slot's name by one position in one pass through the
/// blocks, so that the weights are read once per step for all of them (matrix–matrix products instead of
/// matrix–vector ones). Each slot's symbols come from its own softmax with one uniform each, slots in order: every
/// name is an exact, independent draw, as <see cref="TransformerInference.Sample"/> makes them.
/// </summary>
internal static class TransformerBatchSampler
{
    /// <summary>Slots that keep the products' row blocks full while the workspace stays small.</summary>
    public const int DefaultSlots = 24;

    /// <summary>
    /// Writes names to <paramref name="destination"/>, each followed by '\n', until <paramref name="maxNames"/> are
    /// written or the destination could not hold another name of the longest length: a name is started only when
    /// every name in flight is sure to fit, so each name started is written (none is left out for its length).
    /// </summary>
    /// <returns>The number of names written.</returns>
    public static int SampleLines<TRandom>(in TransformerWeights w, ref TRandom random, Span<char> destination, int maxNames, double temperature, int slots, Span<float> workspace, out int charsWritten)
        where TRandom : struct, IRandomSource
    {
        int longest = w.LongestName;
        Span<int> tokens = stackalloc int[slots];
        Span<int> positions = stackalloc int[slots];
        Span<bool> running = stackalloc bool[slots];
        Span<int> rowTokens = stackalloc int[slots];
        Span<int> rowPositions = stackalloc int[slots];
        Span<int> rowSlots = stackalloc int[slots];
        Span<int> logitsRow = stackalloc int[slots];
        var shared = new TransformerWorkspace.Parts(workspace, w.Layout, slots, 0);
        Span<double> scratch = MemoryMarshal.Cast<float, double>(shared.Doubles);
        int written = 0;
        int started = 0;
        int inFlight = 0;
        int chars = 0;

        int capacity = destination.Length;

        // A name in flight reserves room for the longest name and its '\n' until it is written.
        bool CanStart(int chars, int inFlight, int started) =>
            started < maxNames && (long)chars + ((long)(inFlight + 1) * (longest + 1)) <= capacity;

        for (int r = 0; r < slots; r++)
        {
            running[r] = CanStart(chars, inFlight, started);
            if (running[r])
            {
                started++;
                inFlight++;
            }
        }

        while (inFlight > 0)
        {
            // Only the running slots whose pass the model does not keep (TransformerPrefixes) go through the blocks.
            int rows = 0;
            for (int r = 0; r < slots; r++)
            {
                logitsRow[r] = -1;
                if (running[r] && !TransformerPrefixes.Holds(w, workspace, slots, r, tokens[r], positions[r]))
                {
                    rowTokens[rows] = tokens[r];
                    rowPositions[rows] = positions[r];
                    rowSlots[rows] = r;
                    logitsRow[r] = rows++;
                }
            }

            if (rows > 0)
            {
                TransformerInference.Step(w, workspace, slots, rows, rowTokens, rowPositions, rowSlots.Slice(0, rows));
                for (int row = 0; row < rows; row++)
                {
                    TransformerPrefixes.Keep(w, workspace, slots, rowSlots[row], row, rowTokens[row], rowPositions[row]);
                }
            }

            for (int r = 0; r < slots; r++)
            {
                // The slots held before the step (the step may have kept passes others then find held).
                if (running[r] && logitsRow[r] < 0 && TransformerPrefixes.TryRestore(w, workspace, slots, r, rows, tokens[r], positions[r]))
                {
                    logitsRow[r] = rows++;
                }
            }

            for (int r = 0; r < slots; r++)
            {
                if (!running[r])
                {
                    continue;
                }

                Span<char> name = new TransformerWorkspace.Parts(workspace, w.Layout, slots, r).Name;
                int position = positions[r];
                double u = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
                int symbol = SymbolSoftmax.Draw(TransformerInference.Logits(w, workspace, slots, logitsRow[r]), temperature, u, scratch);
                if (symbol != 0)
                {
                    name[position] = w.Symbol(symbol);
                    position++;
                }

                if (symbol != 0 && position < longest)
                {
                    tokens[r] = symbol;
                    positions[r] = position;
                    continue;
                }

                // The name ended (or reached the longest length, where its end is certain).
                name.Slice(0, position).CopyTo(destination.Slice(chars));
                chars += position;
                destination[chars++] = '\n';
                written++;
                inFlight--;
                tokens[r] = 0;
                positions[r] = 0;
                running[r] = CanStart(chars, inFlight, started);
                if (running[r])
                {
                    started++;
                    inFlight++;
                }
            }
        }

        charsWritten = chars;
        return written;
    }
}
