// Shared source: compiled into Makemore.Runtime and, as a linked file, into Makemore.Generator (netstandard2.0),
// which has no System.Half: the conversions work on the bits.
namespace Makemore.Modeling.Neural;

/// <summary>IEEE 754 binary32 ↔ binary16 on bit patterns, rounding to nearest even.</summary>
internal static class HalfBits
{
    /// <summary>The binary16 nearest the binary32 with these bits (ties to even; overflow to infinity; NaN stays NaN).</summary>
    public static ushort FromSingleBits(int bits)
    {
        uint x = (uint)bits;
        uint sign = (x >> 16) & 0x8000u;
        int exponent = (int)((x >> 23) & 0xFF);
        uint mantissa = x & 0x7FFFFFu;
        if (exponent == 0xFF)
        {
            return (ushort)(sign | 0x7C00u | (mantissa != 0 ? 0x200u : 0u));
        }

        int e = exponent - 127 + 15;
        if (e >= 0x1F)
        {
            return (ushort)(sign | 0x7C00u);
        }

        if (e <= 0)
        {
            if (e < -10)
            {
                return (ushort)sign;
            }

            // A subnormal half, m · 2^-24: the float's whole significand shifted right by 14 − e, ties to even.
            uint full = mantissa | 0x800000u;
            int shift = 14 - e;
            uint half = full >> shift;
            uint rest = full & ((1u << shift) - 1);
            uint halfway = 1u << (shift - 1);
            if (rest > halfway || (rest == halfway && (half & 1) != 0))
            {
                half++;
            }

            return (ushort)(sign | half);
        }

        uint h = ((uint)e << 10) | (mantissa >> 13);
        uint remainder = mantissa & 0x1FFFu;
        if (remainder > 0x1000u || (remainder == 0x1000u && (h & 1) != 0))
        {
            h++; // a carry into the exponent is right, up to infinity
        }

        return (ushort)(sign | h);
    }

    /// <summary>The binary32 bits of a binary16 value (exact: every half is a float).</summary>
    public static int ToSingleBits(ushort half)
    {
        uint sign = (uint)(half & 0x8000) << 16;
        int exponent = (half >> 10) & 0x1F;
        uint mantissa = half & 0x3FFu;
        if (exponent == 0x1F)
        {
            return (int)(sign | 0x7F800000u | (mantissa << 13));
        }

        if (exponent == 0)
        {
            if (mantissa == 0)
            {
                return (int)sign;
            }

            int shift = 0;
            while ((mantissa & 0x400u) == 0)
            {
                mantissa <<= 1;
                shift++;
            }

            return (int)(sign | ((uint)(113 - shift) << 23) | ((mantissa & 0x3FFu) << 13));
        }

        return (int)(sign | ((uint)(exponent + 112) << 23) | (mantissa << 13));
    }
}
