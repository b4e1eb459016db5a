using System.Diagnostics;
using VUnetStream.Core.Reporting;

namespace VUnetStream.Core.Tests;

public sealed class BackgroundLoadTests
{
    [Fact]
    public void ABackgroundLoad_KeepsItsThreadsBusy_UntilDisposed()
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan before = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        using (BackgroundLoad load = BackgroundLoad.Start(1))
        {
            Thread.Sleep(400);
            Assert.Equal("1 busy background thread", load.Description);
        }

        process.Refresh();
        double cpu = (process.TotalProcessorTime - before).TotalSeconds;
        // A spinning thread burns CPU time (a sleeping one would not); a generous floor for a busy CI machine.
        Assert.True(cpu > 0.1 * wall.Elapsed.TotalSeconds, $"{cpu:0.000} s of CPU in {wall.Elapsed.TotalSeconds:0.000} s");
    }

    [Fact]
    public void NoBackgroundLoad_StartsNoThreads_AndSaysSo()
    {
        using BackgroundLoad load = BackgroundLoad.Start(0);
        Assert.Equal(0, load.Threads);
        Assert.Equal("no background load", load.Description);
        Assert.Throws<ArgumentOutOfRangeException>(() => BackgroundLoad.Start(-1));
    }
}
