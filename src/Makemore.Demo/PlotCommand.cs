using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;
using Spectre.Console;
using Color = ScottPlot.Color;

namespace Makemore.Demo;

/// <summary>
/// The lecture's figure: the bigram count matrix N drawn as a heatmap in matplotlib's Blues colormap, each cell
/// labelled with its bigram and its count (<c>plt.imshow(N, cmap='Blues')</c> with <c>plt.text</c> labels). For
/// an order n above 2, the same kind of figure for the most frequent contexts of n − 1 characters: a row a
/// context, a column a next character, each cell its count.
/// </summary>
internal static class PlotCommand
{
    private const int ImageSize = 1600;

    /// <summary>
    /// The most symbols a figure shows: the lecture's 27 fit with room to spare, and at 40 a cell is still 38 px, wide
    /// enough for its labels. A larger alphabet shows its most frequent symbols.
    /// </summary>
    public const int MaxSymbols = 40;

    // The image less the frame's padding: the width of the heatmap, its labels and the title.
    private const float FramePixels = ImageSize - 48;

    private static readonly Color Gray = Color.FromHex("#808080");

    /// <param name="Data">The names list; null for the demo's own data/names.txt (embedded).</param>
    /// <param name="Order">n, from 2 to 8.</param>
    /// <param name="Top">How many contexts an order above 2 shows.</param>
    /// <param name="Output">The PNG; null for bigram-counts.png (order 2) or order-n-counts.png.</param>
    public sealed record Settings(FileInfo? Data, int Order, int Top, FileInfo? Output);

    public static int Run(IAnsiConsole console, TextWriter error, Settings settings)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(settings);

        // Checked before the second of rendering; a missing directory is not created, as a mistyped path
        // should not leave a tree of directories behind.
        FileInfo output = settings.Output ?? new FileInfo(settings.Order == 2 ? "bigram-counts.png" : $"order-{settings.Order}-counts.png");
        string path = output.FullName;
        if (Directory.Exists(path))
        {
            error.WriteLine($"error: --output {path} is a directory; give a file name such as bigram-counts.png.");
            return ExitCode.Usage;
        }

        if (output.Directory is { Exists: false } missing)
        {
            error.WriteLine($"error: cannot write {path}: the directory {missing.FullName} does not exist.");
            return ExitCode.Usage;
        }

        string text;
        string listName;
        if (settings.Data is { } data)
        {
            if (NamesFile.Read(data, out text) is { } problem)
            {
                error.WriteLine($"error: {problem}");
                return ExitCode.Usage;
            }

            listName = data.Name;
        }
        else
        {
            text = EmbeddedNames.ReadText();
            listName = "data/names.txt";
        }

        var stopwatch = Stopwatch.StartNew();
        ContextCounts counts;
        try
        {
            counts = ContextCounts.Count(text, settings.Order, settings.Order == 2 ? int.MaxValue : settings.Top, MaxSymbols);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {settings.Data?.FullName ?? listName} is not a names list: {Cli.OneLine(e)}");
            return ExitCode.Usage;
        }

        Plot plot = Figure(counts, listName, settings.Data is null);
        try
        {
            plot.SavePng(path, ImageSize, ImageSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write {path}: {e.Message}");
            return ExitCode.Failure;
        }

        stopwatch.Stop();

        string what = settings.Order == 2
            ? $"{counts.Rows}×{counts.Columns} bigram count heatmap"
            : $"order-{settings.Order} count heatmap ({counts.Rows} most frequent contexts × {counts.Columns} next characters)";
        console.MarkupLine($"Wrote the {what} to [bold]{Markup.Escape(path)}[/] ({ImageSize}×{ImageSize} px, {stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture)} ms).");
        return ExitCode.Success;
    }

    /// <summary>The figure of the counts: the lecture's bigram figure at order 2, the most frequent contexts above.</summary>
    /// <param name="counts">The counts (at most <see cref="MaxSymbols"/> symbols shown).</param>
    /// <param name="listName">The list's name for the title.</param>
    /// <param name="isDemosOwnList">Whether it is the demo's own data/names.txt, whose title is the lecture's.</param>
    internal static Plot Figure(ContextCounts counts, string listName, bool isDemosOwnList)
    {
        PlotFonts.Install(); // before any label is made: each takes the default font when it is created
        return counts.Order == 2 ? BigramFigure(counts, listName, isDemosOwnList) : ContextFigure(counts, listName);
    }

    /// <summary>
    /// The lecture's figure: every cell labelled with its bigram above its count. When a symbol is labelled by its
    /// code (U+4E2D), two of them would not fit a cell: then the rows and columns carry the labels, the cells the counts.
    /// </summary>
    private static Plot BigramFigure(ContextCounts counts, string listName, bool isDemosOwnList)
    {
        int v = counts.Columns;
        var labels = new SymbolLabels(counts.Alphabet);
        (Plot plot, MatplotlibBlues blues, double min, double span) = Heatmap(counts);

        // The lecture's labels are 17 px on its 27 symbols; a larger alphabet gets smaller ones.
        float size = 17f * Math.Min(1, 27f / v);
        bool inCells = !counts.Symbols.Any(symbol => PlotLabels.NeedsCodes(labels.Of(symbol)));
        for (int row = 0; row < v; row++)
        {
            for (int column = 0; column < v; column++)
            {
                int n = counts[row, column];
                Color ink = Ink(blues.GetColor((n - min) / span));
                string count = n.ToString(CultureInfo.InvariantCulture);
                if (inCells)
                {
                    PlotLabels.Add(plot, labels.Of(counts.Symbols[row]) + labels.Of(counts.Symbols[column]), column, v - 1 - row, size, ink, Alignment.LowerCenter);
                    PlotLabels.Add(plot, count, column, v - 1 - row, size, ink, Alignment.UpperCenter);
                }
                else
                {
                    PlotLabels.Add(plot, count, column, v - 1 - row, size, ink, Alignment.MiddleCenter);
                }
            }
        }

        string of = isDemosOwnList ? string.Empty : $" of {listName}";
        string which = v == counts.Alphabet.Length ? string.Empty : $", its {v} most frequent of {counts.Alphabet.Length} symbols";
        int titleLines = PlotLabels.Title(plot, $"Bigram counts N{of} ({v}×{v}{which}): row = previous character, column = next; {labels.Legend(counts.Symbols.Contains(' ', StringComparison.Ordinal))}", 24, FramePixels);
        if (inCells)
        {
            Frame(plot, left: -0.5, right: v - 0.5, top: v - 0.5, titleLines);
        }
        else
        {
            string[] symbols = [.. counts.Symbols.Select(symbol => labels.Of(symbol))];
            AxisLabels(plot, symbols, symbols, size * 1.2f, out double left, out double top);
            Frame(plot, left, right: v - 0.5, top, titleLines);
        }

        return plot;
    }

    /// <summary>The most frequent contexts: each row labelled with its context, each column with its next character, each cell with its count (blank for 0).</summary>
    private static Plot ContextFigure(ContextCounts counts, string listName)
    {
        int rows = counts.Rows;
        int columns = counts.Columns;
        var labels = new SymbolLabels(counts.Alphabet);
        (Plot plot, MatplotlibBlues blues, double min, double span) = Heatmap(counts);

        float size = 14f * Math.Min(1, 27f / Math.Max(rows, columns));
        for (int row = 0; row < rows; row++)
        {
            double y = rows - 1 - row;
            for (int column = 0; column < columns; column++)
            {
                int n = counts[row, column];
                if (n > 0)
                {
                    PlotLabels.Add(plot, n.ToString(CultureInfo.InvariantCulture), column, y, size, Ink(blues.GetColor((n - min) / span)), Alignment.MiddleCenter);
                }
            }
        }

        AxisLabels(plot, [.. counts.Contexts.Select(context => labels.Of(context))], [.. counts.Symbols.Select(symbol => labels.Of(symbol))], size * 1.2f, out double left, out double top);

        int contextLength = counts.Order - 1;
        string which = columns == counts.Alphabet.Length ? "the next" : $"the {columns} most frequent next of {counts.Alphabet.Length} symbols";
        bool withSpace = counts.Symbols.Contains(' ', StringComparison.Ordinal) || counts.Contexts.Any(c => c.Contains(' ', StringComparison.Ordinal));
        int titleLines = PlotLabels.Title(plot, $"Order-{counts.Order} counts in {listName}: its {rows} most frequent contexts of {contextLength} characters × {which}; {labels.ShortLegend(withSpace)}", 22, FramePixels);
        Frame(plot, left, right: columns - 0.5, top, titleLines);
        return plot;
    }

    /// <summary>
    /// Each row's label left of it and each column's above it, in gray; the column labels turned upright when one is
    /// wider than a cell. Gives the room they take, in cells, as the left and top edges of the frame.
    /// </summary>
    private static void AxisLabels(Plot plot, string[] rowLabels, string[] columnLabels, float size, out double left, out double top)
    {
        int rows = rowLabels.Length;
        int columns = columnLabels.Length;
        double widest = rowLabels.Max(label => PlotLabels.Width(label, size));
        double tallest = columnLabels.Max(label => PlotLabels.Width(label, size));
        double leftRoom = Room(widest, FramePixels, columns, margin: 0.3);
        bool upright = tallest > FramePixels / (columns + leftRoom) * 0.9;
        double topRoom = Room(upright ? tallest : size * 1.4, FramePixels - 40, rows, margin: 0.2);
        for (int row = 0; row < rows; row++)
        {
            PlotLabels.Add(plot, rowLabels[row], -0.6, rows - 1 - row, size, Gray, Alignment.MiddleRight);
        }

        for (int column = 0; column < columns; column++)
        {
            PlotLabels.Add(plot, columnLabels[column], column, rows - 0.4, size, Gray, Alignment.LowerCenter, upright);
        }

        left = -0.5 - leftRoom;
        top = rows - 0.5 + topRoom;
    }

    /// <summary>
    /// The cells of room that a label of <paramref name="pixels"/> takes beside <paramref name="cells"/> cells drawn in
    /// <paramref name="framePixels"/>: the label's share of the frame is its share of the cells and the room together.
    /// </summary>
    private static double Room(double pixels, double framePixels, int cells, double margin)
    {
        double share = Math.Min(pixels / framePixels, 0.5);
        return ((share * cells) + margin) / (1 - share);
    }

    /// <summary>
    /// The heatmap of the counts, scaled as imshow scales by default: min(N) is the palest blue, max(N) the
    /// darkest. It draws row 0 at the top and centres cell (row, column) on x = column, y = rows - 1 - row.
    /// </summary>
    private static (Plot Plot, MatplotlibBlues Blues, double Min, double Span) Heatmap(ContextCounts counts)
    {
        var intensities = new double[counts.Rows, counts.Columns];
        int min = int.MaxValue;
        int max = int.MinValue;
        for (int row = 0; row < counts.Rows; row++)
        {
            for (int column = 0; column < counts.Columns; column++)
            {
                int n = counts[row, column];
                intensities[row, column] = n;
                min = Math.Min(min, n);
                max = Math.Max(max, n);
            }
        }

        Plot plot = new();
        var heatmap = plot.Add.Heatmap(intensities);
        var blues = new MatplotlibBlues();
        heatmap.Colormap = blues;
        heatmap.ManualRange = new ScottPlot.Range(min, Math.Max(max, min + 1));
        return (plot, blues, min, Math.Max(max - min, 1));
    }

    /// <summary>plt.axis('off'), but keeping the title: the axes stay in the layout with nothing of them drawn.</summary>
    private static void Frame(Plot plot, double left, double right, double top, int titleLines)
    {
        plot.HideGrid();
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.IsVisible = false;
        }

        plot.Axes.SetLimits(left, right, -0.5, top);
        plot.Layout.Fixed(new PixelPadding(left: 24, right: 24, bottom: 24, top: 40 + (24 * titleLines)));
    }

    /// <summary>Gray, as in the lecture, unless white contrasts more with the cell (WCAG contrast ratio).</summary>
    private static Color Ink(Color background)
    {
        double cell = RelativeLuminance(background);
        double gray = RelativeLuminance(Gray);
        double onGray = (Math.Max(cell, gray) + 0.05) / (Math.Min(cell, gray) + 0.05);
        double onWhite = 1.05 / (cell + 0.05);
        return onWhite > onGray ? Colors.White : Gray;
    }

    private static double RelativeLuminance(Color color)
    {
        static double Linear(byte channel)
        {
            double c = channel / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Linear(color.Red)) + (0.7152 * Linear(color.Green)) + (0.0722 * Linear(color.Blue));
    }

    /// <summary>matplotlib's <c>Blues</c>: ColorBrewer's nine blues, white to navy, interpolated linearly.</summary>
    private sealed class MatplotlibBlues : IColormap
    {
        private static readonly Color[] Stops =
        [
            Color.FromHex("#f7fbff"), Color.FromHex("#deebf7"), Color.FromHex("#c6dbef"),
            Color.FromHex("#9ecae1"), Color.FromHex("#6baed6"), Color.FromHex("#4292c6"),
            Color.FromHex("#2171b5"), Color.FromHex("#08519c"), Color.FromHex("#08306b"),
        ];

        public string Name => "Blues";

        public Color GetColor(double position)
        {
            double t = double.IsNaN(position) ? 0 : Math.Clamp(position, 0, 1) * (Stops.Length - 1);
            int low = Math.Min((int)t, Stops.Length - 2);
            double f = t - low;
            Color a = Stops[low];
            Color b = Stops[low + 1];
            return new Color(Mix(a.Red, b.Red, f), Mix(a.Green, b.Green, f), Mix(a.Blue, b.Blue, f));
        }

        private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f));
    }
}
