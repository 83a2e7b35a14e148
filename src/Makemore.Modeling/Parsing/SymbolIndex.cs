// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0).
namespace Makemore.Modeling.Parsing;

/// <summary>The fast path of the character → symbol lookup: a 128-entry table for ASCII.</summary>
internal static class SymbolIndex
{
    /// <summary>Marks an ASCII character that is not in the alphabet.</summary>
    public const byte Unknown = 0xFF;

    /// <summary>Number of entries: one per ASCII character.</summary>
    public const int AsciiLength = 128;

    /// <summary>Maps each ASCII character to its symbol index, or <see cref="Unknown"/>.</summary>
    public static byte[] BuildAscii(string alphabet)
    {
        var table = new byte[AsciiLength];
        for (int c = 0; c < AsciiLength; c++)
        {
            table[c] = Unknown;
        }

        for (int i = 0; i < alphabet.Length; i++)
        {
            if (alphabet[i] < AsciiLength)
            {
                table[alphabet[i]] = (byte)i;
            }
        }

        return table;
    }
}
