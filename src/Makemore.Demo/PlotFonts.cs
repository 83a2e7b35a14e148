using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ScottPlot;
using SkiaSharp;

namespace Makemore.Demo;

/// <summary>
/// The plot's fonts. Every label is drawn with DejaVu Sans (regular and bold, subset to Latin-1 and the few marks the
/// labels use), embedded in the demo and handed to ScottPlot for every font it asks for: the Linux SkiaSharp assets
/// carry no font and a fresh machine may have none installed, and answering every request the same way makes the
/// image the same on every machine. A label with a character DejaVu Sans lacks (CJK, Cyrillic, Thai...) is drawn
/// with a font of the machine's that has it (SkiaSharp's font fallback), and where the machine has none, the
/// character is written as its code (U+4E2D), so that no label is ever a row of empty boxes.
/// </summary>
internal sealed class PlotFonts : IFontResolver
{
    public const string FamilyName = "DejaVu Sans";

    // A fallback typeface is handed to ScottPlot under a name of its own: its family may well be "DejaVu Sans" too
    // (the machine's complete one), which names the embedded font here.
    private const string FallbackPrefix = "makemore fallback: ";

    private static readonly Lazy<SKTypeface> Regular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => Load("DejaVuSans-Bold.ttf"));
    private static readonly ConcurrentDictionary<string, SKTypeface> Fallbacks = new(StringComparer.Ordinal);
    private static readonly Lazy<SKTypeface[]> Installed = new(InstalledFamilies);
    private static int _installed;

    /// <summary>The embedded regular face (for measuring text).</summary>
    public static SKTypeface Embedded => Regular.Value;

    /// <summary>
    /// The machine's font that has a character: SkiaSharp's fallback where the platform has one (DirectWrite, CoreText,
    /// fontconfig), else the first installed family that has it, sans-serif faces first. (The Linux native assets the demo
    /// ships are built without fontconfig: their font manager lists the fonts under /usr/share/fonts but matches no
    /// character.) Null when no font has it.
    /// </summary>
    public static SKTypeface? SystemFontFor(int codePoint) =>
        SKFontManager.Default.MatchCharacter(codePoint) ?? Array.Find(Installed.Value, typeface => typeface.ContainsGlyph(codePoint));

    /// <summary>Makes the embedded font ScottPlot's default for every family; before any label is made, as each takes the default font when it is created.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            ScottPlot.Fonts.FontResolvers.Insert(0, new PlotFonts());
            ScottPlot.Fonts.Default = FamilyName;
            ScottPlot.Fonts.Sans = FamilyName;
            ScottPlot.Fonts.Serif = FamilyName;
            ScottPlot.Fonts.Monospace = FamilyName;
        }
    }

    /// <summary>
    /// <paramref name="text"/> as it can be drawn, in runs of one font each: each character (with the combining marks
    /// on it) in the embedded font when it has it, else in the font <paramref name="systemFontFor"/> finds for it when
    /// that one has the whole character, else written as its code in the embedded font.
    /// </summary>
    /// <param name="text">The label.</param>
    /// <param name="systemFontFor">The machine's font for a code point, or null (<see cref="SystemFontFor"/>; a test's own).</param>
    public static IReadOnlyList<(string Text, string FontName)> Runs(string text, Func<int, SKTypeface?> systemFontFor)
    {
        SKTypeface embedded = Regular.Value;
        var runs = new List<(string Text, string FontName)>();
        var run = new StringBuilder();
        string runFont = FamilyName;
        TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            string element = elements.GetTextElement();
            string font = FamilyName;
            int missing = FirstMissing(embedded, element);
            if (missing >= 0)
            {
                SKTypeface? fallback = systemFontFor(missing);
                if (fallback is not null && FirstMissing(fallback, element) < 0)
                {
                    font = Register(fallback);
                }
                else
                {
                    element = WithCodes(embedded, element);
                }
            }

            if (font != runFont && run.Length > 0)
            {
                runs.Add((run.ToString(), runFont));
                run.Clear();
            }

            runFont = font;
            run.Append(element);
        }

        if (run.Length > 0 || runs.Count == 0)
        {
            runs.Add((run.ToString(), runFont));
        }

        return runs;
    }

    /// <summary>
    /// <paramref name="text"/> in one font: the embedded font when it has every character; else the font
    /// <paramref name="systemFontFor"/> finds for the first character it lacks, when that leaves fewer characters
    /// without a glyph; each character still without one is written as its code.
    /// </summary>
    public static (string Text, string FontName) InOneFont(string text, Func<int, SKTypeface?> systemFontFor)
    {
        SKTypeface embedded = Regular.Value;
        int missing = FirstMissing(embedded, text);
        if (missing < 0)
        {
            return (text, FamilyName);
        }

        SKTypeface? fallback = systemFontFor(missing);
        return fallback is not null && Missing(fallback, text) < Missing(embedded, text)
            ? (WithCodes(fallback, text), Register(fallback))
            : (WithCodes(embedded, text), FamilyName);
    }

    /// <summary>The typeface of a font name that <see cref="Runs"/> or <see cref="InOneFont"/> gave.</summary>
    public static SKTypeface Typeface(string fontName, bool bold = false) =>
        Fallbacks.TryGetValue(fontName, out SKTypeface? fallback) ? fallback : (bold ? Bold : Regular).Value;

    public SKTypeface CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => Typeface(fontName, weight >= FontWeight.SemiBold);

    public SKTypeface CreateTypeface(string fontName, bool bold, bool italic) => Typeface(fontName, bold);

    /// <summary>The name a fallback typeface is handed to ScottPlot under.</summary>
    private static string Register(SKTypeface fallback)
    {
        string name = FallbackPrefix + fallback.FamilyName + (fallback.IsBold ? " bold" : string.Empty) + (fallback.IsItalic ? " italic" : string.Empty);
        Fallbacks.TryAdd(name, fallback);
        return name;
    }

    /// <summary>The first code point of the text the typeface has no glyph for, or −1.</summary>
    private static int FirstMissing(SKTypeface typeface, string text)
    {
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (!typeface.ContainsGlyph(rune.Value))
            {
                return rune.Value;
            }
        }

        return -1;
    }

    private static int Missing(SKTypeface typeface, string text)
    {
        int missing = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            missing += typeface.ContainsGlyph(rune.Value) ? 0 : 1;
        }

        return missing;
    }

    /// <summary>The text with each character the typeface lacks written as its code.</summary>
    private static string WithCodes(SKTypeface typeface, string text)
    {
        var readable = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (typeface.ContainsGlyph(rune.Value))
            {
                readable.Append(rune.ToString());
            }
            else
            {
                readable.Append(SymbolLabels.Code(rune.Value));
            }
        }

        return readable.ToString();
    }

    /// <summary>The regular face of each installed family: sans-serif first (not monospaced), then the rest, each in ordinal order, so that the choice is the same on every run.</summary>
    private static SKTypeface[] InstalledFamilies()
    {
        SKFontManager fonts = SKFontManager.Default;
        return [.. fonts.FontFamilies
            .Distinct(StringComparer.Ordinal)
            .OrderBy(family => family.Contains("Sans", StringComparison.OrdinalIgnoreCase) && !family.Contains("Mono", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(family => family, StringComparer.Ordinal)
            .Select(family => fonts.MatchFamily(family, SKFontStyle.Normal))
            .OfType<SKTypeface>()];
    }

    private static SKTypeface Load(string file)
    {
        using Stream stream = typeof(PlotFonts).Assembly.GetManifestResourceStream($"fonts/{file}")
            ?? throw new InvalidDataException($"The embedded font {file} is missing.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);

        // Skia reads glyphs lazily, so it gets its own copy of the bytes rather than a stream that is closed here.
        using SKData data = SKData.CreateCopy(bytes.ToArray());
        return SKTypeface.FromData(data)
            ?? throw new InvalidDataException($"The embedded font {file} could not be read.");
    }
}
