namespace VUnetStream.Core.Keypoints;

/// <summary>The 18 OpenPose COCO keypoints, in OpenPose's order (the order VUNet and the pose-transfer benchmarks use).</summary>
public enum Coco18
{
    Nose = 0,
    Neck = 1,
    RShoulder = 2,
    RElbow = 3,
    RWrist = 4,
    LShoulder = 5,
    LElbow = 6,
    LWrist = 7,
    RHip = 8,
    RKnee = 9,
    RAnkle = 10,
    LHip = 11,
    LKnee = 12,
    LAnkle = 13,
    REye = 14,
    LEye = 15,
    REar = 16,
    LEar = 17,
}

/// <summary>Facts about the COCO-18 skeleton shared by every stage.</summary>
public static class Coco18Skeleton
{
    public const int JointCount = 18;

    /// <summary>Joint names as written in files and tables (snake case, OpenPose spelling).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "nose", "neck", "rshoulder", "relbow", "rwrist", "lshoulder", "lelbow", "lwrist",
        "rhip", "rknee", "rankle", "lhip", "lknee", "lankle", "reye", "leye", "rear", "lear",
    ];

    /// <summary>Bones of the skeleton (parent, child), used for drawing overlays and bone-length retargeting.</summary>
    public static IReadOnlyList<(Coco18 From, Coco18 To)> Bones { get; } =
    [
        (Coco18.Neck, Coco18.RShoulder), (Coco18.RShoulder, Coco18.RElbow), (Coco18.RElbow, Coco18.RWrist),
        (Coco18.Neck, Coco18.LShoulder), (Coco18.LShoulder, Coco18.LElbow), (Coco18.LElbow, Coco18.LWrist),
        (Coco18.Neck, Coco18.RHip), (Coco18.RHip, Coco18.RKnee), (Coco18.RKnee, Coco18.RAnkle),
        (Coco18.Neck, Coco18.LHip), (Coco18.LHip, Coco18.LKnee), (Coco18.LKnee, Coco18.LAnkle),
        (Coco18.Neck, Coco18.Nose), (Coco18.Nose, Coco18.REye), (Coco18.REye, Coco18.REar),
        (Coco18.Nose, Coco18.LEye), (Coco18.LEye, Coco18.LEar),
    ];

    /// <summary>The joint that mirrors <paramref name="joint"/> across the body's midline.</summary>
    public static Coco18 Mirror(Coco18 joint) => joint switch
    {
        Coco18.RShoulder => Coco18.LShoulder,
        Coco18.RElbow => Coco18.LElbow,
        Coco18.RWrist => Coco18.LWrist,
        Coco18.LShoulder => Coco18.RShoulder,
        Coco18.LElbow => Coco18.RElbow,
        Coco18.LWrist => Coco18.RWrist,
        Coco18.RHip => Coco18.LHip,
        Coco18.RKnee => Coco18.LKnee,
        Coco18.RAnkle => Coco18.LAnkle,
        Coco18.LHip => Coco18.RHip,
        Coco18.LKnee => Coco18.RKnee,
        Coco18.LAnkle => Coco18.RAnkle,
        Coco18.REye => Coco18.LEye,
        Coco18.LEye => Coco18.REye,
        Coco18.REar => Coco18.LEar,
        Coco18.LEar => Coco18.REar,
        _ => joint,
    };
}
