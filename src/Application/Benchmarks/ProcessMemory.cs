using System.Globalization;

namespace VUnetStream.Application.Benchmarks;

/// <summary>Peak resident memory of this process (Linux), with a reset so one run can measure several jobs.</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in MiB since start or the last <see cref="ResetPeak"/>.</summary>
    public static double PeakResidentMiB() => ReadStatusKiB("VmHWM:") / 1024.0;

    public static double ResidentMiB() => ReadStatusKiB("VmRSS:") / 1024.0;

    /// <summary>Resets the peak to the current resident size (writes 5 to /proc/self/clear_refs).</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadStatusKiB(string key)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                string number = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(number, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
