using System;
using System.Text;

namespace Makemore.Benchmarks;

/// <summary>
/// The lecture's sampling loop ported the obvious way: System.Random, a linear scan of the float row of P with a
/// running sum (what torch.multinomial does for one draw), a StringBuilder, a string per name.
/// </summary>
public sealed class NaiveSampler
{
    private readonly float[] _probabilities;
    private readonly string _alphabet;
    private readonly int _v;

    public NaiveSampler(ReadOnlySpan<float> probabilities, ReadOnlySpan<char> alphabet)
    {
        _probabilities = probabilities.ToArray();
        _alphabet = alphabet.ToString();
        _v = alphabet.Length;
    }

    public string Sample(Random random)
    {
        var name = new StringBuilder();
        int ix = 0;
        while (true)
        {
            float u = (float)random.NextDouble();
            float cumulative = 0;
            int next = _v - 1;
            for (int j = 0; j < _v; j++)
            {
                cumulative += _probabilities[(ix * _v) + j];
                if (u < cumulative)
                {
                    next = j;
                    break;
                }
            }

            ix = next;
            if (ix == 0)
            {
                return name.ToString();
            }

            name.Append(_alphabet[ix]);
        }
    }
}
