using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace VUnetStream.Messaging.Tests;

/// <summary>
/// Keeps every line the workers log, with the time since the test bed started, so a test that times out
/// can say what the workers did instead of only that something did not arrive.
/// </summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        string line = $"{_clock.Elapsed.TotalSeconds,7:F2}s {logLevel,-11} {formatter(state, exception)}";
        _lines.Enqueue(exception is null ? line : $"{line}: {exception.GetType().Name}: {exception.Message}");
    }

    public override string ToString() => string.Join(Environment.NewLine, _lines);
}
