using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using ScottPlot;
using SkiaSharp;
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
        EmbeddedFonts.Install(); // before any label is made: each takes the default font when it is created
        ContextCounts counts;
        try
        {
            counts = ContextCounts.Count(text, settings.Order, settings.Order == 2 ? int.MaxValue : settings.Top);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {settings.Data?.FullName ?? listName} is not a names list: {Cli.OneLine(e)}");
            return ExitCode.Usage;
        }

        Plot plot = settings.Order == 2 ? BigramFigure(counts, listName, settings.Data is null) : ContextFigure(counts, listName);
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

    /// <summary>The lecture's figure: every cell labelled with its bigram above its count.</summary>
    private static Plot BigramFigure(ContextCounts counts, string listName, bool isDemosOwnList)
    {
        int v = counts.Columns;
        (Plot plot, MatplotlibBlues blues, double min, double span) = Heatmap(counts);

        // The lecture's labels are 17 px on its 27 symbols; a larger alphabet gets smaller ones.
        float size = 17f * Math.Min(1, 27f / v);
        for (int row = 0; row < v; row++)
        {
            for (int column = 0; column < v; column++)
            {
                int n = counts[row, column];
                Color ink = Ink(blues.GetColor((n - min) / span));
                var bigram = Label(plot, $"{counts.Contexts[row]}{counts.Alphabet[column]}", column, v - 1 - row, size, ink);
                bigram.LabelAlignment = Alignment.LowerCenter;
                var count = Label(plot, n.ToString(CultureInfo.InvariantCulture), column, v - 1 - row, size, ink);
                count.LabelAlignment = Alignment.UpperCenter;
            }
        }

        string of = isDemosOwnList ? string.Empty : $" of {listName}";
        plot.Title($"Bigram counts N{of} ({v}×{v}): row = previous character, column = next; '.' marks the start or end of a name", size: 24);
        Frame(plot, left: -0.5, right: v - 0.5, top: v - 0.5);
        return plot;
    }

    /// <summary>The most frequent contexts: each row labelled with its context, each column with its next character, each cell with its count (blank for 0).</summary>
    private static Plot ContextFigure(ContextCounts counts, string listName)
    {
        int rows = counts.Rows;
        int columns = counts.Columns;
        (Plot plot, MatplotlibBlues blues, double min, double span) = Heatmap(counts);

        float size = 14f * Math.Min(1, 27f / Math.Max(rows, columns));
        for (int row = 0; row < rows; row++)
        {
            double y = rows - 1 - row;
            var context = Label(plot, counts.Contexts[row], -0.6, y, size, Gray);
            context.LabelAlignment = Alignment.MiddleRight;
            for (int column = 0; column < columns; column++)
            {
                int n = counts[row, column];
                if (n > 0)
                {
                    Label(plot, n.ToString(CultureInfo.InvariantCulture), column, y, size, Ink(blues.GetColor((n - min) / span))).LabelAlignment = Alignment.MiddleCenter;
                }
            }
        }

        for (int column = 0; column < columns; column++)
        {
            Label(plot, counts.Alphabet[column].ToString(), column, rows - 0.4, size * 1.2f, Gray).LabelAlignment = Alignment.LowerCenter;
        }

        int contextLength = counts.Order - 1;
        plot.Title($"Order-{counts.Order} counts in {listName}: its {rows} most frequent contexts of {contextLength} characters × the next; '.' = start or end", size: 22);

        // Room on the left for the contexts (about a third of a cell a character) and above for the characters.
        Frame(plot, left: -0.5 - (0.33 * contextLength) - 0.3, right: columns - 0.5, top: rows - 0.5 + 0.9);
        return plot;
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

    /// <summary>The lecture's labels are gray; on the darker blues gray all but vanishes, so there they are white.</summary>
    private static ScottPlot.Plottables.Text Label(Plot plot, string text, double x, double y, float size, Color ink)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = size;
        label.LabelFontColor = ink;
        return label;
    }

    /// <summary>plt.axis('off'), but keeping the title: the axes stay in the layout with nothing of them drawn.</summary>
    private static void Frame(Plot plot, double left, double right, double top)
    {
        plot.HideGrid();
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.IsVisible = false;
        }

        plot.Axes.SetLimits(left, right, -0.5, top);
        plot.Layout.Fixed(new PixelPadding(left: 24, right: 24, bottom: 24, top: 64));
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

    /// <summary>
    /// DejaVu Sans (regular and bold, subset to Latin-1), embedded in the demo and handed to ScottPlot for every
    /// font it asks for: the Linux SkiaSharp assets carry no font and a fresh machine may have none installed,
    /// and answering every request the same way makes the image the same on every machine.
    /// </summary>
    private sealed class EmbeddedFonts : IFontResolver
    {
        public const string FamilyName = "DejaVu Sans";

        private static readonly Lazy<SKTypeface> Regular = new(() => Load("DejaVuSans.ttf"));
        private static readonly Lazy<SKTypeface> Bold = new(() => Load("DejaVuSans-Bold.ttf"));
        private static int _installed;

        public static void Install()
        {
            if (Interlocked.Exchange(ref _installed, 1) == 0)
            {
                Fonts.FontResolvers.Insert(0, new EmbeddedFonts());
                Fonts.Default = FamilyName;
                Fonts.Sans = FamilyName;
                Fonts.Serif = FamilyName;
                Fonts.Monospace = FamilyName;
            }
        }

        public SKTypeface CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            (weight >= FontWeight.SemiBold ? Bold : Regular).Value;

        public SKTypeface CreateTypeface(string fontName, bool bold, bool italic) => (bold ? Bold : Regular).Value;

        private static SKTypeface Load(string file)
        {
            using Stream stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"fonts/{file}")
                ?? throw new InvalidDataException($"The embedded font {file} is missing.");
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);

            // Skia reads glyphs lazily, so it gets its own copy of the bytes rather than a stream that is closed here.
            using SKData data = SKData.CreateCopy(bytes.ToArray());
            return SKTypeface.FromData(data)
                ?? throw new InvalidDataException($"The embedded font {file} could not be read.");
        }
    }
}
