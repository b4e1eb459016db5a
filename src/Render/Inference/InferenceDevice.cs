using static TorchSharp.torch;

namespace VUnetStream.Render.Inference;

/// <summary>The torch device a user names ("cpu", "cuda", "cuda:N"), refused early when this build or machine cannot use it.</summary>
public static class InferenceDevice
{
    public static Device Parse(string text)
    {
        Device device;
        try
        {
            device = new Device(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or System.Runtime.InteropServices.ExternalException)
        {
            throw new ArgumentException($"unknown device '{text}' (use cpu, cuda or cuda:N)", ex);
        }

        if (device.type == TorchSharp.DeviceType.CUDA && !cuda.is_available())
        {
            throw new NotSupportedException($"device '{text}' was asked for, but CUDA is not available (build with -p:VUnetCuda=true on a machine with an NVIDIA GPU)");
        }

        return device;
    }
}
