using System.Runtime.InteropServices;

namespace VUnetStream.Cli;

/// <summary>
/// SIGINT and SIGTERM become a cancellation of the running command instead of killing the process, so
/// every stage stops, ffmpeg is killed and each temporary file is removed before the process exits
/// (the runtime's default would end the process at once and leave them behind). The exit code is the
/// shell's convention for the signal: 130 for SIGINT, 143 for SIGTERM. Only commands that take a
/// cancellation token are signalled this way; the others write their one result atomically at the end,
/// so the default action (ending the process) loses nothing and stops them at once.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private int _signal;

    public StopSignals()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>The exit code for the signal received (130 or 143), or null when none came.</summary>
    public int? ExitCode => _signal switch
    {
        0 => null,
        _ when _signal == (int)PosixSignal.SIGTERM => 143,
        _ => 130,
    };

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0) != 0)
        {
            // A second signal while the command cleans up: the user insists, so the default action ends
            // the process now; what it leaves is removed by the next run into the folder (StaleTemporaries).
            // (train registers its own handler, which keeps a checkpoint being written from being cut off.)
            return;
        }

        context.Cancel = true;
        Console.Error.WriteLine();
        Console.Error.WriteLine($"vunet: {(context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT")} received; stopping and removing temporary files...");
        _stop.Cancel();
    }
}
