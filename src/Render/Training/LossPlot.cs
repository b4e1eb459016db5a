using System.Globalization;
using OpenCvSharp;
using VUnetStream.Render.Experiments;

namespace VUnetStream.Render.Training;

/// <summary>
/// Draws the loss curves with OpenCV into a PNG: the loss terms on a log scale (top) and the
/// schedules β(t) and lr(t)/lr₀ on a linear scale (bottom), against the step.
/// </summary>
internal static class LossPlot
{
    private const int Width = 900;
    private const int PanelHeight = 300;
    private const int Left = 70;
    private const int Right = 160;
    private const int Top = 30;
    private const int Bottom = 36;
    private const HersheyFonts Font = HersheyFonts.HersheySimplex;

    public static void Save(IReadOnlyList<LossRecord> records, string path, string title)
    {
        using Mat image = Draw(records, title);
        ImageGrid.SavePng(image, path);
    }

    public static Mat Draw(IReadOnlyList<LossRecord> records, string title)
    {
        ArgumentNullException.ThrowIfNull(records);
        bool heldOut = records.Any(r => r.HeldOutRetrievalTop1 is not null);
        var image = new Mat((heldOut ? 3 : 2) * PanelHeight, Width, MatType.CV_8UC3, Scalar.All(255));
        if (records.Count == 0)
        {
            Cv2.PutText(image, "no steps logged yet", new Point(Left, Top + 40), Font, 0.6, Scalar.All(0), 1, LineTypes.AntiAlias);
            return image;
        }

        double firstStep = records[0].Step;
        double lastStep = Math.Max(records[^1].Step, firstStep + 1);
        double lr0 = records.Max(r => r.Lr);
        var losses = new (string, Scalar, Func<LossRecord, double>)[]
        {
            ("loss", new Scalar(0, 0, 0), r => r.Loss),
            ("perceptual", new Scalar(200, 90, 0), r => r.Perceptual),
            ("KL", new Scalar(0, 0, 200), r => r.Kl),
            ("pixel L1", new Scalar(0, 150, 230), r => r.PixelL1),
        };
        var schedules = new (string, Scalar, Func<LossRecord, double>)[]
        {
            ("beta", new Scalar(0, 140, 0), r => r.Beta),
            ("lr / lr0", new Scalar(160, 0, 160), r => lr0 > 0 ? r.Lr / lr0 : 0),
        };

        DrawPanel(image, 0, title + " - loss terms (log scale)", records, losses, firstStep, lastStep, logScale: true);
        DrawPanel(image, PanelHeight, "schedules", records, schedules, firstStep, lastStep, logScale: false);
        if (heldOut)
        {
            var appearance = new (string, Scalar, Func<LossRecord, double>)[]
            {
                ("retrieval", new Scalar(0, 140, 0), r => r.HeldOutRetrievalTop1 ?? double.NaN),
                ("chance", new Scalar(150, 150, 150), r => r.HeldOutRetrievalChance ?? double.NaN),
                ("colour err / mean", new Scalar(0, 0, 200), r => r.HeldOutColourError / r.HeldOutMeanPersonColourError ?? double.NaN),
            };
            DrawPanel(image, 2 * PanelHeight, "held-out transfers: retrieval top-1 and part-colour error / mean person's", records.Where(r => r.HeldOutRetrievalTop1 is not null).ToList(),
                appearance, firstStep, lastStep, logScale: false);
        }
        return image;
    }

    private static void DrawPanel(
        Mat image, int offsetY, string title, IReadOnlyList<LossRecord> records,
        (string Name, Scalar Color, Func<LossRecord, double> Value)[] series, double x0, double x1, bool logScale)
    {
        int plotW = Width - Left - Right;
        int plotH = PanelHeight - Top - Bottom;
        var origin = new Point(Left, offsetY + Top);
        Cv2.PutText(image, title, new Point(Left, offsetY + 20), Font, 0.5, Scalar.All(0), 1, LineTypes.AntiAlias);

        double Transform(double v) => logScale ? Math.Log10(v) : v;
        var values = series.SelectMany(s => records.Select(s.Value))
            .Where(v => double.IsFinite(v) && (!logScale || v > 0)).Select(Transform).ToList();
        double lo = values.Count > 0 ? values.Min() : 0;
        double hi = values.Count > 0 ? values.Max() : 1;
        if (!logScale)
        {
            lo = Math.Min(lo, 0);
            hi = Math.Max(hi, 1);
        }

        if (hi - lo < 1e-9)
        {
            hi = lo + 1;
        }

        if (logScale)
        {
            lo = Math.Floor(lo);
            hi = Math.Ceiling(hi);
        }

        Cv2.Rectangle(image, new Rect(origin.X, origin.Y, plotW, plotH), Scalar.All(120), 1);
        int ticks = logScale ? (int)Math.Min(hi - lo, 8) : 4;
        for (int i = 0; i <= ticks; i++)
        {
            double v = lo + (hi - lo) * i / ticks;
            int y = origin.Y + plotH - (int)Math.Round((v - lo) / (hi - lo) * plotH);
            Cv2.Line(image, new Point(origin.X, y), new Point(origin.X + plotW, y), Scalar.All(225), 1);
            string label = logScale ? $"1e{v.ToString("0", CultureInfo.InvariantCulture)}" : v.ToString("0.##", CultureInfo.InvariantCulture);
            Cv2.PutText(image, label, new Point(6, y + 4), Font, 0.38, Scalar.All(60), 1, LineTypes.AntiAlias);
        }

        for (int i = 0; i <= 4; i++)
        {
            double step = x0 + (x1 - x0) * i / 4;
            int x = origin.X + (int)Math.Round((step - x0) / (x1 - x0) * plotW);
            Cv2.PutText(image, step.ToString("0", CultureInfo.InvariantCulture), new Point(x - 12, origin.Y + plotH + 16), Font, 0.38, Scalar.All(60), 1, LineTypes.AntiAlias);
        }

        Cv2.PutText(image, "step", new Point(origin.X + plotW - 30, origin.Y + plotH + 30), Font, 0.38, Scalar.All(60), 1, LineTypes.AntiAlias);

        for (int s = 0; s < series.Length; s++)
        {
            (string name, Scalar color, Func<LossRecord, double> value) = series[s];
            Point? previous = null;
            foreach (LossRecord r in records)
            {
                double v = value(r);
                if (!double.IsFinite(v) || (logScale && v <= 0))
                {
                    previous = null;
                    continue;
                }

                int x = origin.X + (int)Math.Round((r.Step - x0) / (x1 - x0) * plotW);
                int y = origin.Y + plotH - (int)Math.Round((Math.Clamp(Transform(v), lo, hi) - lo) / (hi - lo) * plotH);
                var point = new Point(x, y);
                if (previous is Point p)
                {
                    Cv2.Line(image, p, point, color, 1, LineTypes.AntiAlias);
                }
                else
                {
                    Cv2.Circle(image, point, 1, color, -1);
                }

                previous = point;
            }

            int legendY = origin.Y + 14 + 18 * s;
            Cv2.Line(image, new Point(Width - Right + 12, legendY - 4), new Point(Width - Right + 32, legendY - 4), color, 2);
            Cv2.PutText(image, name, new Point(Width - Right + 38, legendY), Font, 0.42, Scalar.All(0), 1, LineTypes.AntiAlias);
        }
    }
}
