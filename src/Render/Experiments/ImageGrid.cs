using OpenCvSharp;
using VUnetStream.Core.IO;

namespace VUnetStream.Render.Experiments;

/// <summary>
/// A labelled table of equally sized images on a white sheet: a header line per column and an optional
/// label per row, so a person can tell inputs, stickmen and outputs apart at a glance. Cells may be
/// empty (null). Small images are enlarged (nearest neighbour, whole multiples) to at least
/// <see cref="MinimumCell"/> pixels so that 64² results are still readable.
/// </summary>
public sealed class ImageGrid
{
    private const int Gap = 4;
    private const int HeaderHeight = 22;
    private const HersheyFonts Font = HersheyFonts.HersheySimplex;
    private const double FontScale = 0.42;
    private readonly List<(string? Label, Mat?[] Cells)> _rows = [];

    public ImageGrid(string? title = null) => Title = title;

    public string? Title { get; }

    public int MinimumCell { get; init; } = 128;

    public IReadOnlyList<string> ColumnHeaders { get; set; } = [];

    public int RowCount => _rows.Count;

    /// <summary>Adds a row; the grid does not take ownership of the images.</summary>
    public void AddRow(string? label, params Mat?[] cells) => _rows.Add((label, cells));

    public Mat Render()
    {
        if (_rows.Count == 0)
        {
            throw new InvalidOperationException("the grid has no rows");
        }

        Mat first = _rows.SelectMany(r => r.Cells).FirstOrDefault(c => c is not null)
            ?? throw new InvalidOperationException("the grid has no images");
        int scale = Math.Max(1, (int)Math.Ceiling((double)MinimumCell / Math.Max(first.Cols, first.Rows)));
        int cellW = first.Cols * scale;
        int cellH = first.Rows * scale;
        int columns = Math.Max(ColumnHeaders.Count, _rows.Max(r => r.Cells.Length));
        bool hasLabels = _rows.Any(r => !string.IsNullOrEmpty(r.Label));
        int labelWidth = hasLabels ? Math.Max(60, _rows.Max(r => TextWidth(Ascii(r.Label ?? ""))) + 2 * Gap) : 0;
        int titleHeight = Title is null ? 0 : HeaderHeight;
        int headerHeight = ColumnHeaders.Count > 0 ? HeaderHeight : 0;
        int width = labelWidth + columns * (cellW + Gap) + Gap;
        int height = titleHeight + headerHeight + _rows.Count * (cellH + Gap) + Gap;
        var sheet = new Mat(height, width, MatType.CV_8UC3, Scalar.All(255));

        if (Title is not null)
        {
            Cv2.PutText(sheet, Ascii(Title), new Point(Gap, 15), Font, FontScale * 1.1, Scalar.All(0), 1, LineTypes.AntiAlias);
        }

        for (int c = 0; c < ColumnHeaders.Count; c++)
        {
            string text = Fit(Ascii(ColumnHeaders[c]), cellW);
            int x = labelWidth + Gap + c * (cellW + Gap);
            Cv2.PutText(sheet, text, new Point(x + 2, titleHeight + 15), Font, FontScale, Scalar.All(0), 1, LineTypes.AntiAlias);
        }

        for (int r = 0; r < _rows.Count; r++)
        {
            (string? label, Mat?[] cells) = _rows[r];
            int y = titleHeight + headerHeight + Gap + r * (cellH + Gap);
            if (!string.IsNullOrEmpty(label))
            {
                Cv2.PutText(sheet, Ascii(label), new Point(Gap, y + cellH / 2 + 5), Font, FontScale, Scalar.All(0), 1, LineTypes.AntiAlias);
            }

            for (int c = 0; c < cells.Length; c++)
            {
                Mat? cell = cells[c];
                if (cell is null)
                {
                    continue;
                }

                if (cell.Cols * scale != cellW || cell.Rows * scale != cellH || cell.Type() != MatType.CV_8UC3)
                {
                    throw new ArgumentException($"grid cell ({r}, {c}) is {cell.Cols}x{cell.Rows} {cell.Type()}; all cells must be {first.Cols}x{first.Rows} 8-bit BGR");
                }

                int x = labelWidth + Gap + c * (cellW + Gap);
                using var target = new Mat(sheet, new Rect(x, y, cellW, cellH));
                if (scale == 1)
                {
                    cell.CopyTo(target);
                }
                else
                {
                    Cv2.Resize(cell, target, new Size(cellW, cellH), 0, 0, InterpolationFlags.Nearest);
                }
            }
        }

        return sheet;
    }

    /// <summary>Renders and writes a PNG atomically (never a half-written file under <paramref name="path"/>).</summary>
    public void Save(string path)
    {
        using Mat sheet = Render();
        SavePng(sheet, path);
    }

    public static void SavePng(Mat image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFile.Write(path, temp =>
        {
            if (!Cv2.ImWrite(temp, image))
            {
                throw new IOException($"{path}: could not write the image (unsupported extension? use .png)");
            }
        });
    }

    private static int TextWidth(string text) => Cv2.GetTextSize(text, Font, FontScale, 1, out _).Width;

    // OpenCV's Hershey fonts draw ASCII only; anything else would come out as '?'.
    private static string Ascii(string text) =>
        string.Concat(text.Select(c => c switch
        {
            '²' => "^2",
            'ŷ' => "y",
            'β' => "beta",
            '×' => "x",
            _ when c < 128 => c.ToString(),
            _ => "?",
        }));

    private static string Fit(string text, int width)
    {
        string fitted = text;
        while (fitted.Length > 1 && TextWidth(fitted) > width - 4)
        {
            fitted = fitted[..^1];
        }

        return fitted;
    }
}
