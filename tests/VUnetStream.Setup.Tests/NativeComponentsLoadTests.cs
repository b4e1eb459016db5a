using VUnetStream.Application.Diagnostics;

namespace VUnetStream.Setup.Tests;

/// <summary>The setup smoke test: every native dependency loads and does real work on this machine.</summary>
public sealed class NativeComponentsLoadTests
{
    [Fact]
    public void TorchSharp_LoadsAndAnAdamStepLowersTheLoss()
    {
        ComponentCheck check = EnvironmentChecks.CheckTorch();
        Assert.True(check.Ok, check.Detail);
    }

    [Fact]
    public void OpenCvSharp_LoadsAndRoundTripsAPng()
    {
        ComponentCheck check = EnvironmentChecks.CheckOpenCv();
        Assert.True(check.Ok, check.Detail);
    }

    [Fact]
    public void Ffmpeg_EncodesAnH264Clip()
    {
        ComponentCheck check = EnvironmentChecks.CheckFfmpeg();
        Assert.True(check.Ok, check.Detail);
    }
}
