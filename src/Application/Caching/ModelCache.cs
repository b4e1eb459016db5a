using VUnetStream.Render.Checkpoints;
using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using static TorchSharp.torch;

namespace VUnetStream.Application.Caching;

/// <summary>
/// Loaded VUNets kept for the life of a <see cref="TransferService"/>, keyed by the resolved checkpoint
/// folder, the device and the dtype: a host that serves many jobs loads each model once, and one more
/// copy for each job that runs at the same time as another (a model serves one job at a time).
/// </summary>
internal sealed class ModelCache : IDisposable
{
    private readonly KeyedPool<(string Folder, string Device, ScalarType DType), VUnet> _pool;
    private readonly Dictionary<string, Checkpoint> _checkpoints = [];
    private readonly Lock _lock = new();

    public ModelCache()
        : this((checkpoint, device, dtype) => ModelLoader.Load(checkpoint, device, dtype))
    {
    }

    public ModelCache(Func<Checkpoint, Device, ScalarType, VUnet> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        _pool = new KeyedPool<(string Folder, string Device, ScalarType DType), VUnet>(key =>
        {
            Checkpoint checkpoint;
            lock (_lock)
            {
                checkpoint = _checkpoints[key.Folder];
            }

            return load(checkpoint, TorchSharp.torch.device(key.Device), key.DType);
        });
    }

    /// <summary>How many models were loaded (not found idle in the cache) so far.</summary>
    public int Loads => _pool.Creations;

    /// <summary>
    /// A model of <paramref name="checkpoint"/> on <paramref name="device"/> in <paramref name="dtype"/> for one job,
    /// loaded on first use; dispose the lease when the job ends. Keyed by the resolved checkpoint folder, so a
    /// training run that saved a newer checkpoint loads that one.
    /// </summary>
    public KeyedPool<(string Folder, string Device, ScalarType DType), VUnet>.Lease Rent(Checkpoint checkpoint, Device device, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(device);
        string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(checkpoint.Directory));
        lock (_lock)
        {
            _checkpoints[folder] = checkpoint;
        }

        return _pool.Rent((folder, device.ToString(), dtype));
    }

    public void Dispose() => _pool.Dispose();
}
