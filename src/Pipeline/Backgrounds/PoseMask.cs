using OpenCvSharp;
using VUnetStream.Core.Keypoints;

namespace VUnetStream.Pipeline.Backgrounds;

/// <summary>
/// A rough person mask drawn from a pose (thick limbs, a head disc), for when the segmentation finds
/// nobody where the pose does: it covers more than the person, which inpainting tolerates better than less.
/// </summary>
public static class PoseMask
{
    /// <summary>A CV_8UC1 mask of <paramref name="size"/> (255 = person); limbs are <paramref name="thickness"/> pixels wide.</summary>
    public static Mat Draw(PersonPose pose, Size size, int thickness)
    {
        ArgumentNullException.ThrowIfNull(pose);
        ArgumentOutOfRangeException.ThrowIfLessThan(thickness, 1);
        var mask = new Mat(size, MatType.CV_8UC1, Scalar.All(0));
        foreach ((Coco18 from, Coco18 to) in Coco18Skeleton.Bones)
        {
            Keypoint a = pose[from], b = pose[to];
            if (a.IsPresent && b.IsPresent)
            {
                Cv2.Line(mask, new Point(a.X, a.Y), new Point(b.X, b.Y), Scalar.All(255), thickness, LineTypes.Link8);
            }
        }

        Keypoint[] torso = [pose[Coco18.RShoulder], pose[Coco18.LShoulder], pose[Coco18.LHip], pose[Coco18.RHip]];
        if (torso.All(k => k.IsPresent))
        {
            Cv2.FillConvexPoly(mask, torso.Select(k => new Point(k.X, k.Y)).ToArray(), Scalar.All(255));
        }

        Keypoint head = pose[Coco18.Nose].IsPresent ? pose[Coco18.Nose] : pose[Coco18.Neck];
        if (head.IsPresent)
        {
            Cv2.Circle(mask, new Point(head.X, head.Y), thickness, Scalar.All(255), -1);
        }

        return mask;
    }
}
