using System.Globalization;
using VUnetStream.Synth.Body;
using VUnetStream.Synth.Motion;
using VUnetStream.Synth.People;

namespace VUnetStream.Synth.Output;

/// <summary>One image of the dataset: a person in a pose.</summary>
public sealed record PlannedImage(string Name, int PersonId, int PoseIndex, bool Test, BodyPose Pose);

/// <summary>A test transfer: person A's appearance on the skeleton and camera of image <see cref="PoseImage"/> (person B).</summary>
public sealed record PlannedTransfer(string AppearanceImage, string PoseImage, string TargetName, int AppearancePersonId, int PosePersonId);

/// <summary>
/// Everything a dataset contains, decided from the options alone (no rendering): the people, which
/// split each is in, every image's pose, and the test transfers. Rendering an entry of the plan again
/// reproduces the written image exactly.
/// </summary>
public sealed class DatasetPlan
{
    private readonly Dictionary<int, SynthPerson> _people;
    private readonly Dictionary<string, PlannedImage> _images;

    private DatasetPlan(IReadOnlyList<SynthPerson> people, IReadOnlyList<PlannedImage> images, IReadOnlyList<PlannedTransfer> transfers)
    {
        People = people;
        Images = images;
        Transfers = transfers;
        _people = people.ToDictionary(p => p.Id);
        _images = images.ToDictionary(i => i.Name);
    }

    public IReadOnlyList<SynthPerson> People { get; }

    public IReadOnlyList<PlannedImage> Images { get; }

    public IReadOnlyList<PlannedTransfer> Transfers { get; }

    public SynthPerson Person(int id) => _people[id];

    public PlannedImage Image(string name) => _images[name];

    public static string ImageName(int person, int pose) => string.Create(CultureInfo.InvariantCulture, $"p{person:0000}_{pose:00}.png");

    public static DatasetPlan Create(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var people = Enumerable.Range(0, options.People)
            .Select(i => SynthPerson.Sample(options.Seed, "person", i, options.Patterns, options.Backgrounds))
            .ToList();

        // Disjoint splits: a random set of people is held out for testing.
        Random split = Seeds.Random(options.Seed, "split");
        int[] order = [.. Enumerable.Range(0, options.People)];
        split.Shuffle(order);
        var test = order.Take(options.TestPeople).ToHashSet();

        var images = new List<PlannedImage>();
        foreach (SynthPerson person in people)
        {
            for (int k = 0; k < options.Poses; k++)
            {
                BodyPose pose = PoseSampler.Sample(Seeds.Random(options.Seed, "pose" + person.Id.ToString(CultureInfo.InvariantCulture), k));
                images.Add(new PlannedImage(ImageName(person.Id, k), person.Id, k, test.Contains(person.Id), pose));
            }
        }

        // Every test image is the appearance source of one transfer to another test person's pose.
        Random pick = Seeds.Random(options.Seed, "transfer");
        int[] testIds = [.. test.Order()];
        var transfers = new List<PlannedTransfer>();
        foreach (PlannedImage source in images.Where(i => i.Test))
        {
            int other;
            do
            {
                other = testIds[pick.Next(testIds.Length)];
            }
            while (other == source.PersonId);
            int poseIndex = pick.Next(options.Poses);
            string target = string.Create(CultureInfo.InvariantCulture, $"p{source.PersonId:0000}_{source.PoseIndex:00}_as_p{other:0000}_{poseIndex:00}.png");
            transfers.Add(new PlannedTransfer(source.Name, ImageName(other, poseIndex), target, source.PersonId, other));
        }

        return new DatasetPlan(people, images, transfers);
    }
}
