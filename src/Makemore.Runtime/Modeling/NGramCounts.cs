// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using System;

namespace Makemore.Modeling;

/// <summary>
/// Every (context, symbol) pair of an order-n model at every level, with raw counts, counted once from a names
/// list whose names are padded with n − 1 start tokens and one end token (all '.', symbol 0), as makemore does.
/// </summary>
/// <remarks>
/// Level L holds the pairs whose context has L symbols (level n − 1 is the full model, level 0 the empty
/// context). Level L's pairs are exactly the suffixes of level L + 1's, so the levels are built top-down: the
/// top level by sorting one key per token, each lower one by sorting the suffixes of the level above. The same
/// sorted arrays give the nodes (distinct contexts) and, for held-out tuning, each token's pair per fold.
/// </remarks>
internal sealed class NGramCounts
{
    private NGramCounts(string alphabet, int order, NGramLevel[] levels, int[] tokenTopPair, byte[] tokenFold, int folds, int nameCount)
    {
        Alphabet = alphabet;
        Order = order;
        Levels = levels;
        TokenTopPair = tokenTopPair;
        TokenFold = tokenFold;
        Folds = folds;
        NameCount = nameCount;
    }

    /// <summary>'.' then the sorted symbols.</summary>
    public string Alphabet { get; }

    /// <summary>V, the boundary token included.</summary>
    public int VocabularySize => Alphabet.Length;

    /// <summary>n: contexts have n − 1 symbols.</summary>
    public int Order { get; }

    /// <summary>Levels 0 … n − 1 (context lengths).</summary>
    public NGramLevel[] Levels { get; }

    /// <summary>For each token of the list, in text order (letters and end tokens), its pair at level n − 1.</summary>
    public int[] TokenTopPair { get; }

    /// <summary>For each token, the held-out fold of its name (name index mod <see cref="Folds"/>); empty without folds.</summary>
    public byte[] TokenFold { get; }

    /// <summary>Folds counted separately for tuning (0 = none).</summary>
    public int Folds { get; }

    /// <summary>Number of names.</summary>
    public int NameCount { get; }

    /// <summary>Number of tokens: the names' lengths plus one end token each.</summary>
    public int TokenCount => TokenTopPair.Length;

    /// <summary>The top level's pairs.</summary>
    public NGramLevel Top => Levels[Order - 1];

    /// <summary>Counts a valid names list at order <paramref name="order"/> (1 to 8).</summary>
    /// <param name="names">The parsed list (must be valid).</param>
    /// <param name="order">n.</param>
    /// <param name="folds">When at least 2, also records each token's fold (name index mod folds), for tuning.</param>
    public static NGramCounts Count(NameList names, int order, int folds = 0)
    {
        if (order < 1 || order > NGramKey.MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be between 1 and 8.");
        }

        if (folds == 1 || folds < 0 || folds > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Folds must be 0 (none) or between 2 and 255.");
        }

        if (!names.IsValid)
        {
            throw new ArgumentException(names.Describe(), nameof(names));
        }

        string alphabet = names.Alphabet;
        var index = new byte[char.MaxValue + 1];
        for (int i = 1; i < alphabet.Length; i++)
        {
            index[alphabet[i]] = (byte)i;
        }

        int tokens = 0;
        for (int n = 0; n < names.Count; n++)
        {
            tokens += names.NameLengths[n] + 1;
        }

        // One key per token: its full context (n − 1 symbols, '.'-padded) and the token itself.
        int top = order - 1;
        ulong contextMask = NGramKey.Mask(top);
        var keys = new ulong[tokens];
        var positions = new int[tokens];
        var tokenFold = folds > 0 ? new byte[tokens] : [];
        string text = names.Text;
        int t = 0;
        for (int n = 0; n < names.Count; n++)
        {
            int start = names.NameStarts[n];
            int length = names.NameLengths[n];
            byte fold = folds > 0 ? (byte)(n % folds) : (byte)0;
            ulong history = 0;
            for (int i = 0; i <= length; i++)
            {
                ulong symbol = i < length ? index[text[start + i]] : 0UL;
                keys[t] = top == 0 ? symbol : (history << NGramKey.SymbolBits) | symbol;
                positions[t] = t;
                if (folds > 0)
                {
                    tokenFold[t] = fold;
                }

                history = ((history << NGramKey.SymbolBits) | symbol) & contextMask;
                t++;
            }
        }

        RadixSort.Sort(ref keys, ref positions, order);

        var levels = new NGramLevel[order];
        var tokenTopPair = new int[tokens];
        levels[top] = NGramLevel.FromSortedTokens(top, keys, positions, tokenTopPair);
        for (int level = top - 1; level >= 0; level--)
        {
            levels[level] = NGramLevel.FromUpper(level, levels[level + 1]);
        }

        for (int level = 1; level < order; level++)
        {
            levels[level].LinkParents(levels[level - 1]);
        }

        return new NGramCounts(alphabet, order, levels, tokenTopPair, tokenFold, folds, names.Count);
    }
}
