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
/// labelled with its bigram and its count (<c>plt.imshow(N, cmap='Blues')</c> with <c>plt.text</c> labels).
/// </summary>
internal static class PlotCommand
{
    private const int ImageSize = 1600;

    private static readonly Color Gray = Color.FromHex("#808080");

    public static int Run(IAnsiConsole console, TextWriter error, FileInfo output)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(output);

        // Checked before the second of rendering; a missing directory is not created, as a mistyped path
        // should not leave a tree of directories behind.
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

        var stopwatch = Stopwatch.StartNew();
        EmbeddedFonts.Install();

        ReadOnlySpan<char> alphabet = NameModel.Alphabet;
        ReadOnlySpan<int> counts = NameModel.Counts;
        int v = NameModel.VocabularySize;
        var intensities = new double[v, v];
        int min = int.MaxValue;
        int max = int.MinValue;
        for (int row = 0; row < v; row++)
        {
            for (int column = 0; column < v; column++)
            {
                int n = counts[(row * v) + column];
                intensities[row, column] = n;
                min = Math.Min(min, n);
                max = Math.Max(max, n);
            }
        }

        Plot plot = new();
        var heatmap = plot.Add.Heatmap(intensities);
        var blues = new MatplotlibBlues();
        heatmap.Colormap = blues;

        // Scaled as imshow scales by default: min(N) is the palest blue, max(N) the darkest.
        heatmap.ManualRange = new ScottPlot.Range(min, Math.Max(max, min + 1));
        double span = Math.Max(max - min, 1);

        // The heatmap draws row 0 at the top and centres cell (row, column) on x = column, y = v - 1 - row.
        // The lecture's labels are gray; on the darker blues gray all but vanishes, so there they are white.
        for (int row = 0; row < v; row++)
        {
            for (int column = 0; column < v; column++)
            {
                double x = column;
                double y = v - 1 - row;
                int n = counts[(row * v) + column];
                Color ink = Ink(blues.GetColor((n - min) / span));
                var bigram = plot.Add.Text($"{alphabet[row]}{alphabet[column]}", x, y);
                bigram.LabelFontSize = 17;
                bigram.LabelFontColor = ink;
                bigram.LabelAlignment = Alignment.LowerCenter;

                var count = plot.Add.Text(n.ToString(CultureInfo.InvariantCulture), x, y);
                count.LabelFontSize = 17;
                count.LabelFontColor = ink;
                count.LabelAlignment = Alignment.UpperCenter;
            }
        }

        plot.Title($"Bigram counts N ({v}×{v}): row = previous character, column = next; '.' marks the start or end of a name", size: 24);
        // plt.axis('off'), but keeping the title: the axes stay in the layout with nothing of them drawn.
        plot.HideGrid();
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.IsVisible = false;
        }

        plot.Axes.SetLimits(-0.5, v - 0.5, -0.5, v - 0.5);
        plot.Layout.Fixed(new PixelPadding(left: 24, right: 24, bottom: 24, top: 64));

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

        console.MarkupLine($"Wrote the {v}×{v} bigram count heatmap to [bold]{Markup.Escape(path)}[/] ({ImageSize}×{ImageSize} px, {stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture)} ms).");
        return ExitCode.Success;
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
