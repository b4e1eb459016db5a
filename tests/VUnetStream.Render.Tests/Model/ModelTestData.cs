using OpenCvSharp;
using VUnetStream.Core.Keypoints;
using VUnetStream.Render.Model;
using VUnetStream.Render.Shape;
using VUnetStream.Render.Tests.Shape;
using static TorchSharp.torch;

namespace VUnetStream.Render.Tests.Model;

/// <summary>Small, structured model inputs: cartoon people (coloured limbs on a plain background) with their stickmen and crops.</summary>
internal sealed class ModelTestData : IDisposable
{
    private ModelTestData(Tensor images, Tensor stickmen, Tensor crops)
    {
        Images = images;
        Stickmen = stickmen;
        Crops = crops;
    }

    public Tensor Images { get; }

    public Tensor Stickmen { get; }

    public Tensor Crops { get; }

    public static ModelTestData Create(VUnetConfig config, int count, int seed)
    {
        var random = new Random(seed);
        int size = config.ImageSize;
        var images = new List<Tensor>();
        var stickmen = new List<Tensor>();
        var crops = new List<Tensor>();
        for (int i = 0; i < count; i++)
        {
            float scale = size / 128f;
            PersonPose pose = TestPoses.Standing128()
                .Transform(1f, random.Next(-12, 13), random.Next(-4, 5))
                .Scale(scale, scale);
            using Mat image = Cartoon(pose, size, random);
            images.Add(ImageTensors.FromBgr(image));
            stickmen.Add(Stickman.ToTensor(pose, size, size));
            crops.Add(PartCrops.Extract(image, pose, config.BoxFactor));
        }

        var data = new ModelTestData(stack(images), stack(stickmen), stack(crops));
        foreach (Tensor t in images.Concat(stickmen).Concat(crops))
        {
            t.Dispose();
        }

        return data;
    }

    public void Dispose()
    {
        Images.Dispose();
        Stickmen.Dispose();
        Crops.Dispose();
    }

    private static Mat Cartoon(PersonPose pose, int size, Random random)
    {
        var image = new Mat(size, size, MatType.CV_8UC3, RandomColour(random));
        Scalar shirt = RandomColour(random);
        Scalar trousers = RandomColour(random);
        int thickness = Math.Max(2, size / 16);
        foreach ((Coco18 a, Coco18 b) in Stickman.RightLimbs.Concat(Stickman.LeftLimbs))
        {
            bool leg = a is Coco18.RAnkle or Coco18.RKnee or Coco18.LAnkle or Coco18.LKnee;
            Cv2.Line(image, P(pose[a]), P(pose[b]), leg ? trousers : shirt, thickness);
        }

        Cv2.FillPoly(image, new[] { Stickman.TorsoCorners.Select(j => P(pose[j])).ToArray() }, shirt);
        Cv2.Circle(image, P(pose[Coco18.Nose]), Math.Max(2, size / 14), new Scalar(120, 160, 220), -1);
        return image;
    }

    private static Scalar RandomColour(Random random) => new(random.Next(256), random.Next(256), random.Next(256));

    private static Point P(Keypoint k) => new((int)k.X, (int)k.Y);
}
