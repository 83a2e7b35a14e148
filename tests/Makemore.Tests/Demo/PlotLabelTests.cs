using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Makemore.Demo;
using Makemore.Tests.Data;
using ScottPlot;
using SkiaSharp;
using Xunit;

namespace Makemore.Tests.Demo;

/// <summary>
/// <c>plot</c> on the lists people bring: every label of the figure can be read (each character has a glyph in the
/// font it is drawn with, or is written as its code), the start/end token and a space are visible and told apart from
/// '.' and from nothing, and a large alphabet shows its most frequent symbols.
/// </summary>
public sealed class PlotLabelTests
{
    private static readonly string Names = Path.Combine(AppContext.BaseDirectory, "data", "names.txt");

    public static TheoryData<string, int> ListsAndOrders()
    {
        var data = new TheoryData<string, int>();
        foreach (string list in new[] { "pokemon-en", "star-wars", "cities-2000", "japanese-surnames", "pokemon-ru", "pokemon-th", "brands-5000" })
        {
            data.Add(list, 2);
            data.Add(list, 4);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ListsAndOrders))]
    public void Every_label_of_the_figure_can_be_read(string list, int order)
    {
        ContextCounts counts = ContextCounts.Count(TestLists.Text(list), order, top: 27, PlotCommand.MaxSymbols);
        Plot plot = PlotCommand.Figure(counts, list + ".txt", isDemosOwnList: false);

        string[] labels = [.. Labels(plot).Select(label => label.Text)];
        Assert.NotEmpty(labels);
        foreach ((string text, string fontName) in Labels(plot).Append((plot.Axes.Title.Label.Text, plot.Axes.Title.Label.FontName)))
        {
            SKTypeface typeface = PlotFonts.Typeface(fontName);
            foreach (Rune rune in text.EnumerateRunes())
            {
                Assert.True(rune.Value == '\n' || typeface.ContainsGlyph(rune.Value), $"'{rune}' (U+{rune.Value:X4}) of \"{text}\" has no glyph in {typeface.FamilyName} ({fontName})");
            }
        }

        // A label holds nothing invisible: no U+0000 stand-in, no bare space or other whitespace, no format character.
        Assert.All(labels, text => Assert.DoesNotContain(text, c => char.IsWhiteSpace(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format));

        // Each symbol shown appears in some label, as itself, or as its code where no font of this machine has it.
        var labelsOfSymbols = new SymbolLabels(counts.Alphabet);
        string all = string.Concat(labels);
        foreach (char symbol in counts.Symbols)
        {
            string label = labelsOfSymbols.Of(symbol);
            Assert.True(all.Contains(label, StringComparison.Ordinal) || all.Contains(SymbolLabels.Code(label.EnumerateRunes().Last().Value), StringComparison.Ordinal), $"no label shows {label}");
        }
    }

    [Fact]
    public void When_dot_is_a_symbol_the_start_and_end_is_a_return_sign()
    {
        // "Mr. Mime": '.' is a character of the names, so the alphabet's stand-in for the end is U+0000.
        ContextCounts counts = ContextCounts.Count(TestLists.Text("pokemon-en"), 3, top: 27, PlotCommand.MaxSymbols);
        Assert.Equal('\0', counts.Alphabet[0]);
        Plot plot = PlotCommand.Figure(counts, "pokemon-en.txt", isDemosOwnList: false);

        string[] labels = [.. Labels(plot).Select(label => label.Text)];
        Assert.Contains("⏎⏎", labels); // the context of the start
        Assert.Contains("⏎", labels); // the end's column
        Assert.Contains("'⏎' = start or end", plot.Axes.Title.Label.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_space_is_an_open_box_in_every_label()
    {
        ContextCounts counts = ContextCounts.Count("San Jose\nSan Juan\nEl Paso\nSanta Fe\n", 2, top: 27, PlotCommand.MaxSymbols);
        Plot plot = PlotCommand.Figure(counts, "cities.txt", isDemosOwnList: false);

        string[] labels = [.. Labels(plot).Select(label => label.Text)];
        Assert.Contains("n␣", labels); // "San " in a cell of the lecture's kind
        Assert.Contains("␣J", labels);
        Assert.Contains("'.' marks the start or end of a name, '␣' a space", plot.Axes.Title.Label.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lectures_figure_is_unchanged()
    {
        ContextCounts counts = ContextCounts.Count(File.ReadAllText(Names), 2, top: int.MaxValue, PlotCommand.MaxSymbols);
        Plot plot = PlotCommand.Figure(counts, "data/names.txt", isDemosOwnList: true);

        Assert.Equal("Bigram counts N (27×27): row = previous character, column = next; '.' marks the start or end of a name", plot.Axes.Title.Label.Text);
        (string Text, string FontName)[] labels = [.. Labels(plot)];
        Assert.Equal(2 * 27 * 27, labels.Length); // each cell: its bigram and its count, nothing else
        Assert.All(labels, label => Assert.Equal(PlotFonts.FamilyName, label.FontName));
        Assert.Contains("..", labels.Select(l => l.Text));
        Assert.Contains("a.", labels.Select(l => l.Text));
        Assert.Contains(counts[0, 1].ToString(CultureInfo.InvariantCulture), labels.Select(l => l.Text)); // N[start, a]
    }

    [Fact]
    public void A_large_alphabet_shows_its_most_frequent_symbols_and_the_end()
    {
        // 'z' is the rarest letter: with room for four symbols, the end and the three most frequent letters are shown.
        ContextCounts counts = ContextCounts.Count("aab\nab\nbca\nza\naca\nbb\n", 2, top: int.MaxValue, maxSymbols: 4);

        Assert.Equal(".abcz", counts.Alphabet);
        Assert.Equal(".abc", counts.Symbols);
        Assert.Equal(4, counts.Rows);
        Assert.Equal([0, 3, 2, 0], Enumerable.Range(0, 4).Select(c => counts[0, c])); // the start: a ×3, b ×2 (z's one start is not shown)

        // Above order 2, the next symbols seen most often after the contexts shown.
        ContextCounts contexts = ContextCounts.Count("aab\nab\nbca\nza\naca\nbb\n", 3, top: 2, maxSymbols: 2);
        Assert.Equal(["..", ".a"], contexts.Contexts);
        Assert.Equal("ab", contexts.Symbols);
    }

    [Fact]
    public void Symbols_are_labelled_so_that_each_can_be_seen()
    {
        var lecture = new SymbolLabels(".abc");
        Assert.Equal(".", lecture.Of('.'));
        Assert.Equal("'.' = start or end", lecture.ShortLegend(withSpace: false));

        // '.' is a symbol: the end's stand-in is U+0000, labelled ⏎; if ⏎ is a symbol too, ¶.
        var dotted = new SymbolLabels("\0 .M\u00A0\u0E34\u200Bz");
        Assert.Equal("⏎", dotted.Of('\0'));
        Assert.Equal(".", dotted.Of('.'));
        Assert.Equal("␣", dotted.Of(' '));
        Assert.Equal("U+00A0", dotted.Of('\u00A0'));
        Assert.Equal("U+200B", dotted.Of('\u200B'));
        Assert.Equal("◌\u0E34", dotted.Of('\u0E34')); // a combining mark on a dotted circle
        Assert.Equal("⏎M␣z⏎", dotted.Of("\0M z\0"));
        Assert.Equal("'⏎' marks the start or end of a name, '␣' a space", dotted.Legend(withSpace: true));

        var odd = new SymbolLabels("\0.⏎␣");
        Assert.Equal("¶", odd.Of('\0'));
        Assert.Equal("U+0020", new SymbolLabels("\0. ␣").Of(' '));
        Assert.Equal("<end>", new SymbolLabels("\0.⏎¶").Of('\0'));
    }

    [Fact]
    public void A_character_no_font_has_is_written_as_its_code()
    {
        static SKTypeface? None(int codePoint) => null;

        IReadOnlyList<(string Text, string FontName)> runs = PlotFonts.Runs("a中⏎Ж", None);
        Assert.Equal([("aU+4E2D⏎U+0416", PlotFonts.FamilyName)], runs);
        Assert.Equal(("emma", PlotFonts.FamilyName), Assert.Single(PlotFonts.Runs("emma", None)));
    }

    [Fact]
    public void A_character_the_embedded_font_lacks_is_drawn_in_a_font_of_the_machine_that_has_it()
    {
        // Whatever fonts this machine has: each character is drawn in a font with its glyph, or written as its code.
        IReadOnlyList<(string Text, string FontName)> runs = PlotFonts.Runs("a中b", PlotFonts.SystemFontFor);
        SKTypeface? cjk = PlotFonts.SystemFontFor('中');
        if (cjk is null)
        {
            Assert.Equal([("aU+4E2Db", PlotFonts.FamilyName)], runs);
        }
        else
        {
            Assert.Equal(3, runs.Count);
            Assert.Equal("中", runs[1].Text);
            Assert.True(PlotFonts.Typeface(runs[1].FontName).ContainsGlyph('中'));
            Assert.Equal(("b", PlotFonts.FamilyName), runs[2]);
        }

        // A combining mark stays on its dotted circle, in one font, or both are written.
        string thai = string.Concat(PlotFonts.Runs("◌\u0E34", PlotFonts.SystemFontFor).Select(run => run.Text));
        Assert.True(thai is "◌\u0E34" or "◌U+0E34", thai);
    }

    private static IEnumerable<(string Text, string FontName)> Labels(Plot plot) =>
        plot.GetPlottables().OfType<ScottPlot.Plottables.Text>().Select(label => (label.LabelText, label.LabelFontName));
}
