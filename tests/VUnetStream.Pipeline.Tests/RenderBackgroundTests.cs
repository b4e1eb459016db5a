using OpenCvSharp;
using VUnetStream.Pipeline.Rendering;
using static TorchSharp.torch;

namespace VUnetStream.Pipeline.Tests;

public sealed class RenderBackgroundTests
{
    [Theory]
    [InlineData("white", 255, 255, 255)]
    [InlineData("Grey", 220, 220, 220)]
    [InlineData("#FF8000", 255, 128, 0)]
    [InlineData("10, 20,30", 10, 20, 30)]
    public void Parse_Colours_GiveTheirRgb(string text, int r, int g, int b)
    {
        RenderBackground background = RenderBackground.Parse(text);
        Assert.Equal(((byte)r, (byte)g, (byte)b), background.Colour);
        Assert.Null(background.File);
    }

    [Theory]
    [InlineData("purpleish", "neither a colour")]
    [InlineData("#12345", "#RRGGBB")]
    [InlineData("1,2,300", "R,G,B")]
    [InlineData("/no/such/background.png", "neither a colour")]
    public void Parse_BadInput_FailsNamingTheProblem(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => RenderBackground.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("photo", BackgroundKind.Photo)]
    [InlineData(" Dancer ", BackgroundKind.Dancer)]
    [InlineData("white", BackgroundKind.Colour)]
    public void Parse_SceneNames_GivePlacedBackgrounds_ThatHaveNoSquareTensor(string text, BackgroundKind kind)
    {
        RenderBackground background = RenderBackground.Parse(text);
        Assert.Equal(kind, background.Kind);
        Assert.Equal(kind != BackgroundKind.Colour, background.IsPlaced);
        if (background.IsPlaced)
        {
            Assert.Null(background.Colour);
            Assert.Equal(text.Trim().ToLowerInvariant(), background.ToString());
            Assert.Throws<InvalidOperationException>(() => background.ToTensor(16, CPU));
        }
    }

    [Fact]
    public void Parse_AnUnknownName_ListsPhotoAndDancerAmongTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => RenderBackground.Parse("fotograph"));
        Assert.Contains("photo", error.Message, StringComparison.Ordinal);
        Assert.Contains("dancer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToTensor_ImageFile_IsItsCentreSquareAtTheModelSize()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vunet-bg-{Guid.NewGuid():N}.png");
        try
        {
            // 60×30: left third red, middle third green, right third blue (BGR); the centre square is the green third plus halves of the others.
            using (var image = new Mat(30, 60, MatType.CV_8UC3, new Scalar(0, 0, 255)))
            {
                image[new Rect(20, 0, 20, 30)].SetTo(new Scalar(0, 255, 0));
                image[new Rect(40, 0, 20, 30)].SetTo(new Scalar(255, 0, 0));
                Cv2.ImWrite(path, image);
            }

            RenderBackground background = RenderBackground.Parse(path);
            using Tensor t = background.ToTensor(15, CPU);
            Assert.Equal(new long[] { 1, 3, 15, 15 }, t.shape);
            // Column 7 (the centre) is pure green: RGB = (−1, 1, −1).
            Assert.Equal(1.0, t[0, 1, 7, 7].item<float>(), 3);
            Assert.Equal(-1.0, t[0, 0, 7, 7].item<float>(), 3);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
