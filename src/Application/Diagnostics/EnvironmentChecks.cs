using System.Diagnostics;
using OpenCvSharp;
using TorchSharp;
using VUnetStream.Encode;
using static TorchSharp.torch;

namespace VUnetStream.Application.Diagnostics;

/// <summary>The result of checking one native component.</summary>
public sealed record ComponentCheck(string Name, bool Ok, string Detail);

/// <summary>
/// Exercises each native dependency for real (not just "the DLL is there"): a TorchSharp
/// forward/backward/Adam step, an OpenCV PNG round trip, and a two-frame H.264 encode with ffmpeg.
/// </summary>
public static class EnvironmentChecks
{
    public static IReadOnlyList<ComponentCheck> RunAll() => [CheckTorch(), CheckOpenCv(), CheckFfmpeg()];

    public static ComponentCheck CheckTorch()
    {
        try
        {
            using IDisposable scope = NewDisposeScope();
            using var layer = nn.Linear(4, 2);

            // Fixed weights, not the random initialisation: with outputs near zero, Adam's first step
            // (each parameter moves by about lr) can overshoot and raise the loss, failing a sound install.
            using (no_grad())
            {
                layer.weight!.fill_(0.5);
                layer.bias!.fill_(0.1);
            }

            using var optimizer = optim.Adam(layer.parameters(), lr: 0.01);
            Tensor input = ones(3, 4);
            Tensor loss = layer.forward(input).pow(2).mean();
            float before = loss.item<float>();
            loss.backward();
            optimizer.step();
            float after = layer.forward(input).pow(2).mean().item<float>();
            bool changed = after < before;
            return new ComponentCheck("TorchSharp", changed,
                $"libtorch {__version__}, {get_num_threads()} threads, cuda {(cuda.is_available() ? "available" : "not available")}" +
                (changed ? $", Adam step lowered a loss {before:0.###} -> {after:0.###}" : " (an Adam step did not lower the loss)"));
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or NotSupportedException or System.Runtime.InteropServices.ExternalException)
        {
            return new ComponentCheck("TorchSharp", false, Describe(ex) +
                " — on Debian 12 build with the project's scripts, which patch libLibTorchSharp.so (see README)");
        }
    }

    public static ComponentCheck CheckOpenCv()
    {
        try
        {
            using var image = new Mat(8, 8, MatType.CV_8UC3, new OpenCvSharp.Scalar(10, 20, 30));
            Cv2.ImEncode(".png", image, out byte[] png);
            using Mat decoded = Cv2.ImDecode(png, ImreadModes.Color);
            Vec3b pixel = decoded.At<Vec3b>(4, 4);
            bool ok = pixel.Item0 == 10 && pixel.Item1 == 20 && pixel.Item2 == 30;
            return new ComponentCheck("OpenCvSharp", ok, $"OpenCV {Cv2.GetVersionString()}, PNG round trip {(ok ? "exact" : "wrong")}");
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or OpenCVException)
        {
            return new ComponentCheck("OpenCvSharp", false, Describe(ex) + " — install Debian's libgtk-3-0 (./scripts/setup.sh does)");
        }
    }

    public static ComponentCheck CheckFfmpeg()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vunet-check-{Environment.ProcessId}.mp4");
        try
        {
            // Our own scratch file, named by our process id: a leftover of an earlier process with that id may go.
            var options = new VideoEncodeOptions { Width = 16, Height = 16, Fps = 2, Overwrite = true };
            FfmpegVideoWriter writer = FfmpegVideoWriter.Start(path, options);
            try
            {
                byte[] frame = new byte[16 * 16 * 3];
                writer.WriteFrameAsync(frame).AsTask().GetAwaiter().GetResult();
                writer.WriteFrameAsync(frame).AsTask().GetAwaiter().GetResult();
                writer.CompleteAsync().GetAwaiter().GetResult();
            }
            finally
            {
                writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            long size = new FileInfo(path).Length;
            return new ComponentCheck("ffmpeg", size > 0, $"{FirstLine(FfmpegTool.Path, "-version")}, H.264 encode {size} bytes");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException)
        {
            return new ComponentCheck("ffmpeg", false, Describe(ex));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string FirstLine(string program, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(program, argument) { RedirectStandardOutput = true, UseShellExecute = false });
        string line = process?.StandardOutput.ReadLine() ?? "";
        process?.WaitForExit();
        return line.Length > 40 ? line[..40] : line;
    }

    private static string Describe(Exception ex) => (ex.InnerException ?? ex).Message.Split('\n')[0];
}
