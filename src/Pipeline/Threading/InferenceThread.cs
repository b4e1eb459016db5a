using System.Collections.Concurrent;

namespace VUnetStream.Pipeline.Threading;

/// <summary>
/// One dedicated thread that runs every model call of a job. TorchSharp's dispose scopes, grad modes
/// and thread settings are per thread, so all inference goes through here, and nothing awaits inside it.
/// </summary>
public sealed class InferenceThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public InferenceThread(string name, Action? initialize = null)
    {
        _thread = new Thread(() =>
        {
            initialize?.Invoke();
            foreach (Action action in _work.GetConsumingEnumerable())
            {
                action();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="function"/> on the inference thread.</summary>
    public Task<T> RunAsync<T>(Func<T> function)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                completion.SetResult(function());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join();
        _work.Dispose();
    }
}
