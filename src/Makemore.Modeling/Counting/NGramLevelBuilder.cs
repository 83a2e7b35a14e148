// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System.Runtime.CompilerServices;
using System;

namespace Makemore.Modeling.Counting;

/// <summary>
/// Builds the levels of <see cref="NGramCounts"/> from the list's tokens, each level from the one below: the tokens
/// are kept sorted by their pair at the last level built, so a level's tokens arrive grouped by their context at the
/// level below (a node of it), each group in symbol order. Within a group, a stable sort by the older symbol — the
/// one that extends the context — orders them by (context below, older symbol, symbol): runs of the first two are
/// the new level's nodes, runs of all three its pairs. One pass over the tokens a level, no sort of the whole.
/// </summary>
internal sealed class NGramLevelBuilder
{
    /// <summary>Groups up to this size are sorted by insertion (most groups of the upper levels hold a few tokens), larger ones by counting.</summary>
    private const int SmallGroup = 16;

    private readonly ushort[] _symbol;   // per token
    private readonly int[] _place;       // per token, its place in its name (the symbols before it that are not padding)
    private readonly int _vocabulary;
    private int[] _order;                // the tokens, sorted by their pair at the last level built
    private int[] _pairAt;               // the pair of each token of _order
    private int[] _nextOrder;
    private int[] _nextPairAt;
    private readonly ushort[] _older;    // per token, the older symbol of the level being built
    private readonly ushort[] _olderAt;  // per position of _nextOrder, the same
    private readonly int[] _bucket;      // per symbol: its tokens in the group, then where the next one goes
    private readonly int[] _distinct;    // the older symbols of a group
    private readonly ulong[] _nodeKeys;
    private readonly ulong[] _pairKeys;
    private readonly int[] _counts;
    private readonly int[] _suffix;

    /// <summary>Scratch for a list's tokens.</summary>
    /// <param name="symbol">Each token's symbol, in text order (0 for a name's end).</param>
    /// <param name="place">Each token's place in its name.</param>
    /// <param name="vocabulary">V.</param>
    public NGramLevelBuilder(ushort[] symbol, int[] place, int vocabulary)
    {
        int tokens = symbol.Length;
        _symbol = symbol;
        _place = place;
        _vocabulary = vocabulary;
        _order = new int[tokens];
        _pairAt = new int[tokens];
        _nextOrder = new int[tokens];
        _nextPairAt = new int[tokens];
        _older = new ushort[tokens];
        _olderAt = new ushort[tokens];
        _bucket = new int[vocabulary];
        _distinct = new int[vocabulary];
        _nodeKeys = new ulong[tokens];
        _pairKeys = new ulong[Math.Max(tokens, vocabulary)];
        _counts = new int[_pairKeys.Length];
        _suffix = new int[tokens];
    }

    /// <summary>The pair of each token in the order the last level built sorts them, which pairs inserted into that level must renumber.</summary>
    public int[] PairOfPosition => _pairAt;

    /// <summary>Level 0: the empty context and the symbols seen, by a counting sort of the tokens by symbol.</summary>
    [MethodImpl(RunOnce.Optimized)]
    public NGramLevel Root()
    {
        ushort[] symbol = _symbol;
        int[] bucket = _bucket;
        int[] pairOf = _distinct;
        for (int k = 0; k < symbol.Length; k++)
        {
            bucket[symbol[k]]++;
        }

        int pairs = 0;
        int at = 0;
        for (int w = 0; w < _vocabulary; w++)
        {
            int count = bucket[w];
            bucket[w] = at;
            if (count > 0)
            {
                _pairKeys[pairs] = NGramKey.Of(0, w);
                _counts[pairs] = count;
                pairOf[w] = pairs++;
            }

            at += count;
        }

        int[] order = _order;
        int[] pairAt = _pairAt;
        for (int k = 0; k < symbol.Length; k++)
        {
            int w = symbol[k];
            int j = bucket[w]++;
            order[j] = k;
            pairAt[j] = pairOf[w];
        }

        Array.Clear(bucket, 0, _vocabulary);
        ulong[] nodeKeys = symbol.Length > 0 ? [0UL] : [];
        return new NGramLevel(0, nodeKeys, Copy(_pairKeys, pairs), Copy(_counts, pairs));
    }

    /// <summary>
    /// The level above <paramref name="lower"/>, the last level built (with any pairs or nodes inserted since, which
    /// hold no tokens), its pairs linked to their suffixes and counted as extensions of them (<see cref="NGramLevel.LinkSuffixes"/>).
    /// </summary>
    [MethodImpl(RunOnce.Optimized)]
    public NGramLevel Next(NGramLevel lower)
    {
        int level = lower.Level + 1;
        ushort[] symbol = _symbol;
        int[] place = _place;
        ushort[] older = _older;

        // Read in text order, once, rather than for each token in sorted order: one scattered load a token, not two.
        for (int k = 0; k < older.Length; k++)
        {
            older[k] = place[k] >= level ? symbol[k - level] : (ushort)0;
        }

        int[] order = _order;
        int[] pairAt = _pairAt;
        int[] nextOrder = _nextOrder;
        int[] nextPairAt = _nextPairAt;
        ushort[] olderAt = _olderAt;
        ulong[] nodeKeys = _nodeKeys;
        ulong[] pairKeys = _pairKeys;
        int[] counts = _counts;
        int[] suffix = _suffix;
        int[] firstPair = lower.NodeFirstPair;
        int[] raw = lower.RawCounts;
        ulong[] lowerKeys = lower.PairKeys;
        int[] extensions = lower.DistinctExtensions;
        int nodes = 0;
        int pairs = 0;
        int start = 0;
        for (int below = 0; below < lower.NodeCount; below++)
        {
            int end = start;
            for (int pair = firstPair[below]; pair < firstPair[below + 1]; pair++)
            {
                end += raw[pair];
            }

            if (end - start <= SmallGroup)
            {
                // A stable insertion sort by older symbol, the tokens' pairs below (in symbol order) moved along.
                for (int i = start; i < end; i++)
                {
                    int token = order[i];
                    int o = older[token];
                    int p = pairAt[i];
                    int j = i - 1;
                    while (j >= start && olderAt[j] > o)
                    {
                        olderAt[j + 1] = olderAt[j];
                        nextOrder[j + 1] = nextOrder[j];
                        nextPairAt[j + 1] = nextPairAt[j];
                        j--;
                    }

                    olderAt[j + 1] = (ushort)o;
                    nextOrder[j + 1] = token;
                    nextPairAt[j + 1] = p;
                }
            }
            else
            {
                SortGroup(start, end);
            }

            // A new node where the older symbol changes, a new pair where the pair below (so the symbol) changes.
            int lastOlder = -1;
            int lastPair = -1;
            for (int j = start; j < end; j++)
            {
                int o = olderAt[j];
                int p = nextPairAt[j];
                if (o != lastOlder)
                {
                    lastOlder = o;
                    lastPair = -1;
                    nodeKeys[nodes++] = NGramKey.Of(below, o);
                }

                if (p != lastPair)
                {
                    lastPair = p;
                    pairKeys[pairs] = NGramKey.Of(nodes - 1, NGramKey.Symbol(lowerKeys[p]));
                    counts[pairs] = 0;
                    suffix[pairs++] = p;
                    extensions[p]++;
                }

                counts[pairs - 1]++;
                nextPairAt[j] = pairs - 1;
            }

            start = end;
        }

        (_order, _nextOrder) = (_nextOrder, _order);
        (_pairAt, _nextPairAt) = (_nextPairAt, _pairAt);
        return new NGramLevel(level, Copy(nodeKeys, nodes), Copy(pairKeys, pairs), Copy(counts, pairs), suffixPair: Copy(suffix, pairs));
    }

    /// <summary>Each token's pair at the last level built, by token.</summary>
    [MethodImpl(RunOnce.Optimized)]
    public int[] PairOfToken()
    {
        var tokenPair = new int[_order.Length];
        for (int i = 0; i < _order.Length; i++)
        {
            tokenPair[_order[i]] = _pairAt[i];
        }

        return tokenPair;
    }

    /// <summary>A large group, positions [start, end): a stable counting sort by older symbol into the next order.</summary>
    [MethodImpl(RunOnce.Optimized)]
    private void SortGroup(int start, int end)
    {
        int[] order = _order;
        ushort[] older = _older;
        ushort[] olderAt = _olderAt;
        int[] bucket = _bucket;
        int[] distinct = _distinct;
        int kinds = 0;
        for (int i = start; i < end; i++)
        {
            int o = older[order[i]];
            olderAt[i] = (ushort)o;
            if (bucket[o]++ == 0)
            {
                distinct[kinds++] = o;
            }
        }

        Array.Sort(distinct, 0, kinds);
        int at = start;
        for (int d = 0; d < kinds; d++)
        {
            int count = bucket[distinct[d]];
            bucket[distinct[d]] = at;
            at += count;
        }

        int[] pairAt = _pairAt;
        int[] nextOrder = _nextOrder;
        int[] nextPairAt = _nextPairAt;
        for (int i = start; i < end; i++)
        {
            int j = bucket[olderAt[i]]++;
            nextOrder[j] = order[i];
            nextPairAt[j] = pairAt[i];
        }

        // The older symbols in their sorted order, over what held them in the order before.
        at = start;
        for (int d = 0; d < kinds; d++)
        {
            int o = distinct[d];
            int runEnd = bucket[o];
            bucket[o] = 0;
            for (int j = at; j < runEnd; j++)
            {
                olderAt[j] = (ushort)o;
            }

            at = runEnd;
        }
    }

    private static T[] Copy<T>(T[] source, int count)
    {
        var copy = new T[count];
        Array.Copy(source, copy, count);
        return copy;
    }
}
