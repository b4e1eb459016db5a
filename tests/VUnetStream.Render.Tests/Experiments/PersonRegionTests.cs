using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Experiments;
using VUnetStream.Render.Tests.Data;

namespace VUnetStream.Render.Tests.Experiments;

public sealed class PersonRegionTests
{
    private const int Size = 48;

    [Fact]
    public void Ssim_SamePersonOnAnotherBackground_IsOne_WhileFullFrameSsimIsNot()
    {
        (PersonPose pose, TinyPeople.Look look) = Person(seed: 1);
        using Mat truth = TinyPeople.Render(pose, look, Size);
        using Mat output = TinyPeople.Render(pose, look with { Background = new Scalar(10, 240, 90) }, Size);
        using Mat mask = TinyPeople.RenderMask(pose, Size);
        Assert.Equal(1.0, PersonRegion.Ssim(truth, output, mask), 9);
        Assert.Equal(0.0, PersonRegion.L1(truth, output, mask), 12);
        Assert.True(ImageMetrics.Ssim(truth, output) < 0.9, "the backgrounds differ, so the full frame does");
    }

    [Fact]
    public void Ssim_PersonInOtherClothes_IsLower_AndL1Positive()
    {
        (PersonPose pose, TinyPeople.Look look) = Person(seed: 2);
        using Mat truth = TinyPeople.Render(pose, look, Size);
        using Mat output = TinyPeople.Render(pose, look with { Shirt = new Scalar(255 - look.Shirt.Val0, look.Shirt.Val1, 255 - look.Shirt.Val2), Pants = look.Shirt }, Size);
        using Mat mask = TinyPeople.RenderMask(pose, Size);
        double ssim = PersonRegion.Ssim(truth, output, mask);
        Assert.True(ssim < 0.99, $"person SSIM {ssim}");
        Assert.True(PersonRegion.L1(truth, output, mask) > 0.01);
    }

    [Fact]
    public void MaskSsim_WrongClothes_IsAbovePersonSsim_BecauseTheSharedGreyCounts()
    {
        (PersonPose pose, TinyPeople.Look look) = Person(seed: 4);
        using Mat truth = TinyPeople.Render(pose, look, Size);
        using Mat output = TinyPeople.Render(pose, look with { Shirt = new Scalar(255 - look.Shirt.Val0, 255 - look.Shirt.Val1, look.Shirt.Val2), Pants = look.Shirt }, Size);
        using Mat otherBackground = TinyPeople.Render(pose, look with { Background = new Scalar(200, 30, 60) }, Size);
        using Mat mask = TinyPeople.RenderMask(pose, Size);
        double maskSsim = PersonRegion.MaskSsim(truth, output, mask);
        double personSsim = PersonRegion.Ssim(truth, output, mask);
        Assert.True(maskSsim > personSsim, $"mask-SSIM {maskSsim} vs person SSIM {personSsim}");
        Assert.True(maskSsim < 0.999, $"mask-SSIM {maskSsim}: the clothes differ");
        Assert.Equal(1.0, PersonRegion.MaskSsim(truth, otherBackground, mask), 9);
    }

    [Fact]
    public void BlurredTruthSsim_SharpTexture_IsBelowOne_AndFlatColourNearOne()
    {
        using var mask = new Mat(Size, Size, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(mask, new Rect(12, 8, 24, 32), Scalar.All(255), -1);
        using var flat = new Mat(Size, Size, MatType.CV_8UC3, Scalar.All(128));
        Cv2.Rectangle(flat, new Rect(12, 8, 24, 32), new Scalar(40, 160, 220), -1);
        using Mat stripes = flat.Clone();
        for (int y = 8; y < 40; y += 2)
        {
            Cv2.Line(stripes, new Point(12, y), new Point(35, y), new Scalar(250, 250, 250));
        }

        double flatScore = PersonRegion.BlurredTruthSsim(flat, mask);
        double stripedScore = PersonRegion.BlurredTruthSsim(stripes, mask);
        Assert.True(flatScore > 0.9, $"flat {flatScore}");
        Assert.True(stripedScore < flatScore - 0.2, $"1-px stripes {stripedScore} vs flat {flatScore}");
    }

    [Fact]
    public void Binarize_SoftEdge_CountsValuesFrom128AsPerson()
    {
        using var mask = new Mat(1, 4, MatType.CV_8UC1);
        mask.Set(0, 0, (byte)0);
        mask.Set(0, 1, (byte)127);
        mask.Set(0, 2, (byte)128);
        mask.Set(0, 3, (byte)255);
        using Mat binary = PersonRegion.Binarize(mask, mask.Size());
        Assert.Equal(new byte[] { 0, 0, 255, 255 }, Enumerable.Range(0, 4).Select(x => binary.At<byte>(0, x)).ToArray());
    }

    [Fact]
    public void SsimMap_ColourImages_IsTheMeanOfThePerChannelMaps()
    {
        (PersonPose pose, TinyPeople.Look look) = Person(seed: 3);
        using Mat a = TinyPeople.Render(pose, look, Size);
        using Mat b = TinyPeople.Render(pose.Transform(1f, 2, 1), look, Size);
        using Mat map = ImageMetrics.SsimMap(a, b);
        Mat[] ca = Cv2.Split(a);
        Mat[] cb = Cv2.Split(b);
        using var expected = new Mat(a.Size(), MatType.CV_64FC1, Scalar.All(0));
        for (int c = 0; c < 3; c++)
        {
            using Mat channel = ImageMetrics.SsimMap(ca[c], cb[c]);
            Cv2.AddWeighted(expected, 1, channel, 1.0 / 3, 0, expected);
        }

        using var ones = new Mat(a.Size(), MatType.CV_64FC1, Scalar.All(1));
        Assert.True(Cv2.Norm(map, expected, NormTypes.INF) < 1e-12);
        Assert.True(Cv2.Norm(map, ones, NormTypes.INF) > 0.1, "the shifted figure differs");
        foreach (Mat m in ca.Concat(cb))
        {
            m.Dispose();
        }
    }

    private static (PersonPose Pose, TinyPeople.Look Look) Person(int seed)
    {
        var random = new Random(seed);
        return (TinyPeople.RandomPose(random, Size), TinyPeople.RandomLook(random));
    }
}
