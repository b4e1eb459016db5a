namespace VUnetStream.Application.Caching;

/// <summary>What one job rented from the caches, given back together when the job ends (thread-safe: the inference thread rents too).</summary>
internal sealed class Leases : IDisposable
{
    private readonly List<IDisposable> _leases = [];
    private readonly Lock _lock = new();

    public void Add(IDisposable lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_lock)
        {
            _leases.Add(lease);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (IDisposable lease in _leases)
            {
                lease.Dispose();
            }

            _leases.Clear();
        }
    }
}
