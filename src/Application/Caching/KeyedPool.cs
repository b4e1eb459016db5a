namespace VUnetStream.Application.Caching;

/// <summary>
/// Expensive objects (loaded models, pose trackers) kept for the life of a host, several per key when
/// jobs run at the same time: <see cref="Rent"/> hands out an idle one or creates another, and the
/// lease gives it back. An object is never used by two jobs at once (neither a TorchSharp module's
/// cached state nor an OpenCV network is safe to share between threads), and a host that runs jobs one
/// after another creates each only once.
/// </summary>
internal sealed class KeyedPool<TKey, TValue>(Func<TKey, TValue> create) : IDisposable
    where TKey : notnull
    where TValue : class, IDisposable
{
    private readonly Dictionary<TKey, Stack<TValue>> _idle = [];
    private readonly List<TValue> _all = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>How many objects were created (not found idle) so far.</summary>
    public int Creations { get; private set; }

    /// <summary>An idle object for <paramref name="key"/>, or a new one when all are rented; dispose the lease to give it back.</summary>
    public Lease Rent(TKey key)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryGetValue(key, out Stack<TValue>? idle) && idle.TryPop(out TValue? value))
            {
                return new Lease(this, key, value);
            }
        }

        // Created outside the lock: loading a model takes seconds, and other keys need not wait for it.
        TValue created = create(key);
        lock (_lock)
        {
            if (_disposed)
            {
                created.Dispose();
                throw new ObjectDisposedException(nameof(KeyedPool<TKey, TValue>));
            }

            _all.Add(created);
            Creations++;
        }

        return new Lease(this, key, created);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (TValue value in _all)
            {
                value.Dispose();
            }

            _all.Clear();
            _idle.Clear();
        }
    }

    private void Return(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (!_idle.TryGetValue(key, out Stack<TValue>? idle))
            {
                idle = new Stack<TValue>();
                _idle.Add(key, idle);
            }

            idle.Push(value);
        }
    }

    /// <summary>One rented object; disposing gives it back to the pool (once).</summary>
    public sealed class Lease : IDisposable
    {
        private readonly KeyedPool<TKey, TValue> _pool;
        private readonly TKey _key;
        private int _returned;

        internal Lease(KeyedPool<TKey, TValue> pool, TKey key, TValue value)
        {
            _pool = pool;
            _key = key;
            Value = value;
        }

        public TValue Value { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                _pool.Return(_key, Value);
            }
        }
    }
}
