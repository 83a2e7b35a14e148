using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;
using SkiaSharp;
using Color = ScottPlot.Color;

namespace Makemore.Demo;

/// <summary>
/// Text on the plot, drawn so that it can be read whatever characters it holds: in runs of one font each
/// (<see cref="PlotFonts.Runs"/>), laid side by side, so that a context mixing Latin and CJK is drawn in both fonts.
/// </summary>
internal static class PlotLabels
{
    /// <summary>Whether any character of <paramref name="text"/> would be written as its code on this machine.</summary>
    public static bool NeedsCodes(string text) =>
        PlotFonts.Runs(text, PlotFonts.SystemFontFor).Sum(run => run.Text.Length) != text.Length;

    /// <summary>The width of <paramref name="text"/> in pixels at <paramref name="size"/>, as <see cref="Add"/> draws it.</summary>
    public static double Width(string text, float size) =>
        PlotFonts.Runs(text, PlotFonts.SystemFontFor).Sum(run => Measure(run.Text, run.FontName, size));

    /// <summary>
    /// Adds <paramref name="text"/> at (<paramref name="x"/>, <paramref name="y"/>), aligned there as <paramref name="alignment"/>
    /// says; upright (read from bottom to top, for a column's label), its start at the point.
    /// </summary>
    public static void Add(Plot plot, string text, double x, double y, float size, Color ink, Alignment alignment, bool upright = false)
    {
        IReadOnlyList<(string Text, string FontName)> runs = PlotFonts.Runs(text, PlotFonts.SystemFontFor);
        if (runs.Count == 1 || upright)
        {
            // One font, or a column's label, which is one symbol: one text element, so one run.
            foreach ((string run, string fontName) in runs)
            {
                var label = One(plot, run, fontName, x, y, size, ink);
                label.LabelAlignment = upright ? Alignment.MiddleLeft : alignment;
                label.LabelRotation = upright ? -90 : 0;
            }

            return;
        }

        // Several runs: each drawn from its left edge, pushed right by the runs before it.
        double[] widths = [.. runs.Select(run => Measure(run.Text, run.FontName, size))];
        double total = widths.Sum();
        double offset = alignment switch
        {
            Alignment.UpperCenter or Alignment.MiddleCenter or Alignment.LowerCenter => -total / 2,
            Alignment.UpperRight or Alignment.MiddleRight or Alignment.LowerRight => -total,
            _ => 0,
        };
        Alignment fromLeft = alignment switch
        {
            Alignment.UpperLeft or Alignment.UpperCenter or Alignment.UpperRight => Alignment.UpperLeft,
            Alignment.LowerLeft or Alignment.LowerCenter or Alignment.LowerRight => Alignment.LowerLeft,
            _ => Alignment.MiddleLeft,
        };
        for (int i = 0; i < runs.Count; i++)
        {
            var label = One(plot, runs[i].Text, runs[i].FontName, x, y, size, ink);
            label.LabelAlignment = fromLeft;
            label.LabelOffsetX = (float)offset;
            offset += widths[i];
        }
    }

    /// <summary>
    /// The figure's title: in one line at <paramref name="size"/> px, or smaller (down to two thirds), or in two
    /// lines, so that it fits <paramref name="room"/> pixels. One font: the embedded one, or the machine's for a list
    /// whose file name it lacks (else those characters are written as their codes).
    /// </summary>
    /// <returns>The number of lines.</returns>
    public static int Title(Plot plot, string text, float size, float room)
    {
        (string readable, string fontName) = PlotFonts.InOneFont(text, PlotFonts.SystemFontFor);
        using var font = new SKFont(PlotFonts.Typeface(fontName, bold: true), size);
        float width = font.MeasureText(readable);
        if (width > room && width * 2 / 3 <= room)
        {
            size *= room / width;
        }
        else if (width > room)
        {
            int split = readable.LastIndexOf("; ", StringComparison.Ordinal);
            split = split > 0 ? split : readable.LastIndexOf(' ', readable.Length / 2);
            readable = split > 0 ? $"{readable[..(split + 1)]}\n{readable[(split + 2)..]}" : readable;
            float longest = readable.Split('\n').Max(line => font.MeasureText(line));
            size = Math.Min(size, size * room / longest);
        }

        plot.Title(readable, size);
        plot.Axes.Title.Label.FontName = fontName;
        return readable.Contains('\n', StringComparison.Ordinal) ? 2 : 1;
    }

    private static ScottPlot.Plottables.Text One(Plot plot, string text, string fontName, double x, double y, float size, Color ink)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontName = fontName;
        label.LabelFontSize = size;
        label.LabelFontColor = ink;
        return label;
    }

    private static double Measure(string text, string fontName, float size)
    {
        using var font = new SKFont(PlotFonts.Typeface(fontName), size);
        return font.MeasureText(text);
    }
}
