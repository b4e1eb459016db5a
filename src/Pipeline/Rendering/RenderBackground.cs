using System.Globalization;
using OpenCvSharp;
using VUnetStream.Render.Model;
using VUnetStream.Render.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Pipeline.Rendering;

/// <summary>What kind of background a <see cref="RenderBackground"/> is.</summary>
public enum BackgroundKind
{
    /// <summary>A plain colour behind the model's square.</summary>
    Colour,

    /// <summary>An image file cut to the model's square.</summary>
    Image,

    /// <summary>The target photo with its person removed; the output is framed like the photo.</summary>
    Photo,

    /// <summary>The dancer video's clean plate (the dancer removed); the output is framed like the video.</summary>
    Dancer,
}

/// <summary>
/// What an alpha model's person is composited onto (<c>--background</c>): a plain colour — a name
/// (grey, white, black, green, blue), <c>#RRGGBB</c> or <c>R,G,B</c> — or an image file, cut to the
/// model's square from its centre; or <c>photo</c> / <c>dancer</c>, the scene of the target photo or of the
/// dancer video with its person removed, where the person is placed where that person stood
/// (see <see cref="IsPlaced"/>). A 3-channel model draws its own background and ignores this.
/// </summary>
public sealed record RenderBackground
{
    /// <summary>The names of the two scene backgrounds.</summary>
    public const string PhotoName = "photo", DancerName = "dancer";

    private static readonly Dictionary<string, (byte R, byte G, byte B)> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["grey"] = Render.Experiments.VUnetRunner.DefaultBackground,
        ["gray"] = Render.Experiments.VUnetRunner.DefaultBackground,
        ["white"] = (255, 255, 255),
        ["black"] = (0, 0, 0),
        ["green"] = (0, 177, 64),
        ["blue"] = (0, 71, 187),
    };

    private RenderBackground((byte R, byte G, byte B)? colour, string? file, BackgroundKind? kind = null)
    {
        Colour = colour;
        File = file;
        Kind = kind ?? (file is null ? BackgroundKind.Colour : BackgroundKind.Image);
    }

    /// <summary>The target photo with the person removed (<c>--background photo</c>).</summary>
    public static RenderBackground Photo { get; } = new(null, null, BackgroundKind.Photo);

    /// <summary>The dancer video with the dancer removed (<c>--background dancer</c>).</summary>
    public static RenderBackground Dancer { get; } = new(null, null, BackgroundKind.Dancer);

    public BackgroundKind Kind { get; }

    /// <summary>
    /// True for <see cref="BackgroundKind.Photo"/> and <see cref="BackgroundKind.Dancer"/>: the renderer keeps
    /// the model's alpha and the output composer places the person into the scene at output resolution.
    /// </summary>
    public bool IsPlaced => Kind is BackgroundKind.Photo or BackgroundKind.Dancer;

    /// <summary>The light grey the grids use too.</summary>
    public static RenderBackground Default { get; } = new(Render.Experiments.VUnetRunner.DefaultBackground, null);

    /// <summary>The plain colour (RGB), or null for an image file.</summary>
    public (byte R, byte G, byte B)? Colour { get; }

    /// <summary>The image file, or null for a plain colour.</summary>
    public string? File { get; }

    /// <summary>Parses <c>--background</c>; an unknown name, a malformed colour or a missing file is an error naming it.</summary>
    public static RenderBackground Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        string t = text.Trim();
        if (t.Equals(PhotoName, StringComparison.OrdinalIgnoreCase))
        {
            return Photo;
        }

        if (t.Equals(DancerName, StringComparison.OrdinalIgnoreCase))
        {
            return Dancer;
        }

        if (Names.TryGetValue(t, out var named))
        {
            return new RenderBackground(named, null);
        }

        if (t.StartsWith('#'))
        {
            if (t.Length == 7 && int.TryParse(t.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int rgb))
            {
                return new RenderBackground(((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb), null);
            }

            throw new ArgumentException($"background colour '{text}' is not #RRGGBB");
        }

        string[] parts = t.Split(',');
        if (parts.Length == 3)
        {
            byte[] values = parts.Select(p => byte.TryParse(p.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out byte b) ? (int)b : -1)
                .Where(v => v >= 0).Select(v => (byte)v).ToArray();
            if (values.Length == 3)
            {
                return new RenderBackground((values[0], values[1], values[2]), null);
            }

            throw new ArgumentException($"background colour '{text}' is not R,G,B with values 0-255");
        }

        if (System.IO.File.Exists(t))
        {
            return new RenderBackground(null, t);
        }

        throw new ArgumentException(
            $"background '{text}' is neither a colour ({string.Join(", ", Names.Keys.Where(k => k != "gray"))}, #RRGGBB, R,G,B) nor an existing image file, nor {PhotoName} or {DancerName}");
    }

    /// <summary>The background as a tensor in [−1, 1]: [3] for a colour, [1, 3, S, S] for an image cut to the model's square.</summary>
    public Tensor ToTensor(int modelSize, Device device)
    {
        if (IsPlaced)
        {
            throw new InvalidOperationException($"the '{this}' background is composited at output size, not in the model's square");
        }

        if (Colour is (byte r, byte g, byte b))
        {
            return AlphaComposite.Colour(r, g, b, device);
        }

        using Mat image = Cv2.ImRead(File!, ImreadModes.Color);
        if (image.Empty())
        {
            throw new InvalidDataException($"background image '{File}' cannot be read as an image");
        }

        int side = Math.Min(image.Cols, image.Rows);
        using var centre = new Mat(image, new Rect((image.Cols - side) / 2, (image.Rows - side) / 2, side, side));
        using var square = new Mat();
        Cv2.Resize(centre, square, new OpenCvSharp.Size(modelSize, modelSize), 0, 0, side > modelSize ? InterpolationFlags.Area : InterpolationFlags.Linear);
        using Tensor rgb = ImageTensors.FromBgr(square);
        return rgb.unsqueeze(0).to(device);
    }

    public override string ToString() => Kind switch
    {
        BackgroundKind.Photo => PhotoName,
        BackgroundKind.Dancer => DancerName,
        BackgroundKind.Image => File!,
        _ => $"#{Colour!.Value.R:X2}{Colour.Value.G:X2}{Colour.Value.B:X2}",
    };
}
