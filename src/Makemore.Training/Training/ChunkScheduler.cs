using System;
using System.Threading;
using System.Threading.Tasks;

namespace Makemore.Training;

/// <summary>
/// Runs <see cref="ChunkCount"/> chunks of work on up to a given number of threads: one worker per thread,
/// each claiming the next chunk until none is left, so the threads finish within a chunk of each other.
/// </summary>
/// <remarks>
/// The chunks are fixed whatever the thread count, and each writes only its own results, so which thread runs a
/// chunk changes nothing; the caller combines the chunks' results in chunk order. (Parallel.For over the chunks
/// themselves hands out growing ranges of them, which leaves two threads unbalanced.) Not thread-safe: one
/// <see cref="Run"/> at a time.
/// </remarks>
internal sealed class ChunkScheduler
{
    /// <summary>Number of chunks, independent of the thread count.</summary>
    public const int ChunkCount = 32;

    private readonly Action<int> _chunk;
    private readonly Action<int> _worker;
    private ParallelOptions? _parallelOptions;
    private int _nextChunk;

    /// <summary>A scheduler of <paramref name="chunk"/>, called with each chunk's index.</summary>
    /// <param name="chunk">The work of one chunk.</param>
    public ChunkScheduler(Action<int> chunk)
    {
        _chunk = chunk;
        _worker = ClaimChunks;
    }

    /// <summary>
    /// Runs every chunk once. Allocates nothing on one thread; on more, only what
    /// <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> itself needs once the options for a thread count exist.
    /// </summary>
    /// <param name="maxDegreeOfParallelism">Most threads.</param>
    public void Run(int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism <= 1)
        {
            for (int chunk = 0; chunk < ChunkCount; chunk++)
            {
                _chunk(chunk);
            }

            return;
        }

        if (_parallelOptions is null || _parallelOptions.MaxDegreeOfParallelism != maxDegreeOfParallelism)
        {
            _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        }

        _nextChunk = 0;
        Parallel.For(0, Math.Min(maxDegreeOfParallelism, ChunkCount), _parallelOptions, _worker);
    }

    private void ClaimChunks(int worker)
    {
        int chunk;
        while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < ChunkCount)
        {
            _chunk(chunk);
        }
    }
}
