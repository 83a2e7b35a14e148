using System;

namespace Makemore.Training.Transformer;

/// <summary>
/// Names laid end to end as one sequence of tokens, each name its own causal sequence: name c₁…cₙ is the inputs
/// [boundary, c₁, …, cₙ] at positions 0…n with the targets [c₁, …, cₙ, boundary]. Only a name's own tokens are
/// computed, none of makemore.py's padding: the loss and its gradient are the same, since causal attention keeps
/// padding out of every counted position.
/// </summary>
/// <remarks>
/// A name of context − 1 characters (the longest a model takes) has no last position: after context − 1
/// characters the end is certain, and the model neither predicts nor counts it.
/// </remarks>
internal sealed class PackedNames
{
    public PackedNames(int maxNames, int context)
    {
        Context = context;
        int maxTokens = maxNames * (context - 1);
        Tokens = new int[maxTokens];
        Positions = new int[maxTokens];
        Targets = new int[maxTokens];
        Starts = new int[maxNames];
        Lengths = new int[maxNames];
    }

    public int Context { get; }

    public int[] Tokens { get; }

    public int[] Positions { get; }

    public int[] Targets { get; }

    public int[] Starts { get; }

    public int[] Lengths { get; }

    /// <summary>Tokens packed (all of them have a target).</summary>
    public int TokenCount { get; private set; }

    /// <summary>Names packed.</summary>
    public int NameCount { get; private set; }

    public ReadOnlySpan<int> SequenceStarts => Starts.AsSpan(0, NameCount);

    public ReadOnlySpan<int> SequenceLengths => Lengths.AsSpan(0, NameCount);

    /// <summary>Positions a name of <paramref name="length"/> characters takes.</summary>
    public static int PositionsOf(int length, int context) => Math.Min(length + 1, context - 1);

    /// <summary>Packs the names <paramref name="indices"/> of <paramref name="names"/>.</summary>
    public void Pack(EncodedNames names, ReadOnlySpan<int> indices)
    {
        int t = 0;
        for (int s = 0; s < indices.Length; s++)
        {
            ReadOnlySpan<ushort> name = names[indices[s]];
            int length = PositionsOf(name.Length, Context);
            Starts[s] = t;
            Lengths[s] = length;
            for (int p = 0; p < length; p++)
            {
                Tokens[t] = p == 0 ? 0 : name[p - 1];
                Positions[t] = p;
                Targets[t] = p < name.Length ? name[p] : 0;
                t++;
            }
        }

        NameCount = indices.Length;
        TokenCount = t;
    }
}
