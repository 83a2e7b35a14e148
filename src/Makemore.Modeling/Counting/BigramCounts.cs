// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
using Makemore.Modeling.Parsing;

namespace Makemore.Modeling.Counting;

/// <summary>The count matrix N of a names list and the statistics a reader asks about first.</summary>
internal sealed class BigramCounts
{
    private BigramCounts(string alphabet, int[] counts, long bigramCount, int nameCount, int shortest, int longest)
    {
        Alphabet = alphabet;
        Counts = counts;
        BigramCount = bigramCount;
        NameCount = nameCount;
        ShortestName = shortest;
        LongestName = longest;
    }

    /// <summary>'.' then the sorted symbols; symbol i is <c>Alphabet[i]</c>.</summary>
    public string Alphabet { get; }

    /// <summary>Number of symbols V, the boundary token included.</summary>
    public int VocabularySize => Alphabet.Length;

    /// <summary>N[previous * V + next]: how often <c>next</c> follows <c>previous</c> in the '.'-wrapped names.</summary>
    public int[] Counts { get; }

    /// <summary>Bigrams counted: the sum of all names' lengths plus one per name.</summary>
    public long BigramCount { get; }

    /// <summary>Number of names.</summary>
    public int NameCount { get; }

    /// <summary>Length of the shortest name.</summary>
    public int ShortestName { get; }

    /// <summary>Length of the longest name.</summary>
    public int LongestName { get; }

    /// <summary>Counts every bigram of every '.'-wrapped name of a valid list.</summary>
    public static BigramCounts Count(NameList names)
    {
        string alphabet = names.Alphabet;
        int v = alphabet.Length;
        var index = new ushort[char.MaxValue + 1];
        for (int i = 1; i < v; i++)
        {
            index[alphabet[i]] = (ushort)i;
        }

        var counts = new int[v * v];
        string text = names.Text;
        long bigrams = 0;
        int shortest = int.MaxValue;
        int longest = 0;
        for (int n = 0; n < names.Count; n++)
        {
            int start = names.NameStarts[n];
            int length = names.NameLengths[n];
            int previous = 0;
            for (int i = start; i < start + length; i++)
            {
                int next = index[text[i]];
                counts[(previous * v) + next]++;
                previous = next;
            }

            counts[previous * v]++;
            bigrams += length + 1;
            shortest = length < shortest ? length : shortest;
            longest = length > longest ? length : longest;
        }

        return new BigramCounts(alphabet, counts, bigrams, names.Count, names.Count == 0 ? 0 : shortest, longest);
    }
}
