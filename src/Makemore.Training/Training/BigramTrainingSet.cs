using System;
using Makemore.Modeling.Counting;
using Makemore.Modeling.Parsing;
using Makemore.Symbols;

namespace Makemore.Training;

/// <summary>
/// The training bigrams of a names list, in the two forms the gradient paths read: every (x, y) pair in text
/// order (the lecture's <c>xs</c> and <c>ys</c>) and the V×V count matrix N with its row sums.
/// Immutable once built.
/// </summary>
internal sealed class BigramTrainingSet
{
    private BigramTrainingSet(string alphabet, byte[] inputs, byte[] targets, int[] counts, int nameCount)
    {
        int v = alphabet.Length;
        Alphabet = alphabet;
        Inputs = inputs;
        Targets = targets;
        Counts = counts;
        CountsInDouble = new double[v * v];
        RowCounts = new int[v];
        for (int x = 0; x < v; x++)
        {
            int total = 0;
            for (int y = 0; y < v; y++)
            {
                int n = counts[(x * v) + y];
                CountsInDouble[(x * v) + y] = n;
                total += n;
            }

            RowCounts[x] = total;
        }

        NameCount = nameCount;
    }

    /// <summary>'.' then the sorted symbols.</summary>
    public string Alphabet { get; }

    /// <summary>V, the boundary token included.</summary>
    public int VocabularySize => Alphabet.Length;

    /// <summary>The input symbol of every bigram, in text order.</summary>
    public byte[] Inputs { get; }

    /// <summary>The target symbol of every bigram, in text order.</summary>
    public byte[] Targets { get; }

    /// <summary>N[x * V + y]: how often y follows x.</summary>
    public int[] Counts { get; }

    /// <summary><see cref="Counts"/> as doubles, for vector arithmetic.</summary>
    public double[] CountsInDouble { get; }

    /// <summary>Σ_y N[x, y]: how many bigrams start with x.</summary>
    public int[] RowCounts { get; }

    /// <summary>Number of bigrams, n.</summary>
    public int BigramCount => Inputs.Length;

    /// <summary>Number of names.</summary>
    public int NameCount { get; }

    /// <summary>Parses and counts a names list with the count model's parser and counter.</summary>
    /// <exception cref="ArgumentException">The text is not a valid names list.</exception>
    /// <param name="text">The names list.</param>
    /// <param name="fixedAlphabet">The alphabet to index by, or null for the text's own.</param>
    /// <param name="parameterName">The argument's name for exceptions.</param>
    public static BigramTrainingSet Parse(ReadOnlySpan<char> text, string? fixedAlphabet, string parameterName)
    {
        NameList names = NameListParser.Parse(text.ToString());
        if (!names.IsValid)
        {
            throw new ArgumentException(names.Describe(), parameterName);
        }

        BigramCounts counts = BigramCounts.Count(names);
        if (counts.BigramCount > Array.MaxLength)
        {
            throw new ArgumentException($"The names list holds {counts.BigramCount} bigrams; at most {Array.MaxLength} can be trained on.", parameterName);
        }

        string alphabet = fixedAlphabet ?? names.Alphabet;
        byte[] asciiIndex = SymbolIndex.BuildAscii(alphabet);
        foreach (char symbol in names.Alphabet.AsSpan(1))
        {
            if (SymbolLookup.IndexOf(alphabet, asciiIndex, symbol) <= 0)
            {
                throw new ArgumentException($"Character {NameListError.Describe(symbol)} of the names is not in the alphabet \"{alphabet}\".", parameterName);
            }
        }

        var inputs = new byte[counts.BigramCount];
        var targets = new byte[counts.BigramCount];
        string source = names.Text;
        int k = 0;
        for (int n = 0; n < names.Count; n++)
        {
            int start = names.NameStarts[n];
            int end = start + names.NameLengths[n];
            byte previous = 0;
            for (int i = start; i < end; i++)
            {
                // Every character of a valid list is a symbol of its own alphabet.
                byte next = (byte)SymbolLookup.IndexOf(alphabet, asciiIndex, source[i]);
                inputs[k] = previous;
                targets[k++] = next;
                previous = next;
            }

            inputs[k] = previous;
            targets[k++] = 0;
        }

        int[] matrix = counts.Counts;
        if (fixedAlphabet is not null)
        {
            int v = alphabet.Length;
            matrix = new int[v * v];
            for (int i = 0; i < inputs.Length; i++)
            {
                matrix[(inputs[i] * v) + targets[i]]++;
            }
        }

        return new BigramTrainingSet(alphabet, inputs, targets, matrix, counts.NameCount);
    }
}
