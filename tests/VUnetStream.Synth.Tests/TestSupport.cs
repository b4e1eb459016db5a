using System.Runtime.InteropServices;
using OpenCvSharp;
using VUnetStream.Synth.Body;
using VUnetStream.Synth.People;

namespace VUnetStream.Synth.Tests;

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vunet-synth-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

internal static class TestSupport
{
    public static byte[] Bytes(Mat mat)
    {
        using Mat c = mat.Clone();
        var bytes = new byte[c.Rows * c.Cols * c.ElemSize()];
        Marshal.Copy(c.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    public static Rgb ColorAt(Mat bgr, double x, double y)
    {
        Vec3b v = bgr.At<Vec3b>((int)Math.Round(y), (int)Math.Round(x));
        return new Rgb(v.Item2, v.Item1, v.Item0);
    }

    /// <summary>A person with a plain shirt and plain background, for colour tests.</summary>
    public static Appearance PlainPerson(Rgb shirt) => new()
    {
        Skin = new Rgb(200, 150, 120),
        Hair = new Rgb(40, 30, 25),
        HairStyle = HairStyle.Short,
        Shirt = shirt,
        ShirtPattern = ShirtPattern.Plain,
        SleeveLength = 0.3,
        LegWear = LegWear.Trousers,
        Legs = new Rgb(40, 60, 110),
        LegLength = 1,
        Shoes = new Rgb(30, 30, 30),
        Background = new Background(BackgroundKind.Plain, new Rgb(230, 230, 225), new Rgb(200, 200, 200), BackgroundTexture.Plaster, 1),
    };

    /// <summary>Poses facing the camera with the arms away from the chest, so the chest centre shows the shirt.</summary>
    public static BodyPose OpenArms(double raise, double legRaise) => BodyPose.APose with
    {
        RightArm = new LimbAngles(raise, 10, 20, 0),
        LeftArm = new LimbAngles(raise + 20, 0, 40, 30),
        RightLeg = new LimbAngles(legRaise, 0, 10, 5),
    };
}
