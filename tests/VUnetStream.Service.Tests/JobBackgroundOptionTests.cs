using VUnetStream.Pipeline.Rendering;
using VUnetStream.Service.Jobs;
using VUnetStream.Service.Queue;

namespace VUnetStream.Service.Tests;

/// <summary>A job's <c>background</c> option: the scenes and colours are accepted, anything naming a file is refused.</summary>
public sealed class JobBackgroundOptionTests
{
    [Theory]
    [InlineData("photo", BackgroundKind.Photo)]
    [InlineData("dancer", BackgroundKind.Dancer)]
    [InlineData("#102030", BackgroundKind.Colour)]
    public void CheckOptions_AcceptsScenesAndColours(string text, BackgroundKind kind)
    {
        JobRequests.CheckOptions(new JobOptions { Background = text });
        Assert.Equal(kind, RenderBackground.Parse(text).Kind);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("fotograph")]
    public void CheckOptions_RefusesFilesAndUnknownNames_ListingTheChoices(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => JobRequests.CheckOptions(new JobOptions { Background = text }));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be photo, dancer or a colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOptions_RefusesABareNameThatIsAFileInTheServersFolder()
    {
        string name = $"vunet-bg-{Guid.NewGuid():N}";
        File.WriteAllText(name, "not an image");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => JobRequests.CheckOptions(new JobOptions { Background = name }));
            Assert.Contains("image files are not accepted", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(name);
        }
    }
}
