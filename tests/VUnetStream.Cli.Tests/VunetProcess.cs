using System.Diagnostics;
using System.Text;

namespace VUnetStream.Cli.Tests;

/// <summary>The real <c>vunet</c> program started as a child process, its output collected line by line.</summary>
internal sealed class VunetProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private VunetProcess(Process process, Action<string>? onStderrLine)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_gate)
                {
                    _stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_gate)
                {
                    _stderr.AppendLine(e.Data);
                }

                onStderrLine?.Invoke(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>The name the kernel shows for the process (what ps, top and dotnet-counters -n match).</summary>
    public string Name => File.ReadAllText($"/proc/{Id}/comm").Trim();

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The program's native launcher built beside the tests (the project reference copies it), as ./vunet runs it.</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "vunet");

    public static VunetProcess Start(string workingDirectory, IEnumerable<string> args, Action<string>? onStderrLine = null)
    {
        // Through perl, which resets SIGINT/SIGTERM to their defaults and then exec's the program in place
        // (same PID, same process name): a test host started in the background or under nohup has SIGINT
        // ignored, children inherit that, and .NET keeps an inherited ignore, so the signal tests would test nothing.
        var start = new ProcessStartInfo("perl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };

        // The launcher finds the runtime through DOTNET_ROOT: the one running these tests (…/shared/Microsoft.NETCore.App/VERSION).
        start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        foreach (string a in (string[])["-e", "$SIG{INT} = 'DEFAULT'; $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\";", Executable, .. args])
        {
            start.ArgumentList.Add(a);
        }

        // The launcher's default thread waiting (a bounded spin), whatever the test runner's environment says.
        start.Environment.Remove("OMP_WAIT_POLICY");
        start.Environment["GOMP_SPINCOUNT"] = "1000";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        // The launcher's allocator (scripts/allocator.sh), which the program keeps from its own children.
        const string tcmalloc = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";
        if (File.Exists(tcmalloc) && !start.Environment.ContainsKey("LD_PRELOAD"))
        {
            start.Environment["LD_PRELOAD"] = tcmalloc;
            start.Environment[Hosting.PreloadedAllocator.MarkerVariable] = tcmalloc;
        }

        return new VunetProcess(Process.Start(start)!, onStderrLine);
    }

    /// <summary>Runs the program to its end and returns its exit code.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string workingDirectory, params string[] args)
    {
        using VunetProcess process = Start(workingDirectory, args);
        int code = process.WaitForExit(TimeSpan.FromMinutes(2));
        return (code, process.Stdout, process.Stderr);
    }

    /// <summary>Sends a real signal (INT, TERM) to the process, as a terminal or a service manager would.</summary>
    public void Signal(string name)
    {
        using Process kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"vunet did not exit within {timeout}: {Stderr}");
        }

        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Kills the process (and its children) if it still runs: a test that fails leaves no broker or server behind.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }
}
