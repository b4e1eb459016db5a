using VUnetStream.Render.Inference;
using VUnetStream.Render.Model;
using VUnetStream.Render.Training;
using static TorchSharp.torch;
using VUnetStream.Render.Checkpoints;

namespace VUnetStream.Application.Caching;

/// <summary>
/// Loaded VUNets kept for the life of a <see cref="TransferService"/>, one per checkpoint folder and
/// device: a host that serves many jobs loads each model once. Lookups are safe from any thread; a model
/// is only used by one job at a time (the service runs jobs one after another).
/// </summary>
internal sealed class ModelCache(Func<Checkpoint, Device, ScalarType, VUnet> load) : IDisposable
{
    private readonly Dictionary<(string Folder, string Device, ScalarType DType), VUnet> _models = [];
    private readonly Lock _lock = new();

    public ModelCache()
        : this((checkpoint, device, dtype) => ModelLoader.Load(checkpoint, device, dtype))
    {
    }

    /// <summary>How many models were loaded (not found in the cache) so far.</summary>
    public int Loads { get; private set; }

    /// <summary>
    /// The model of <paramref name="checkpoint"/> on <paramref name="device"/> in <paramref name="dtype"/>, loaded on first use. Keyed by
    /// the resolved checkpoint folder, so a training run that saved a newer checkpoint loads that one.
    /// </summary>
    public VUnet Get(Checkpoint checkpoint, Device device, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var key = (Path.TrimEndingDirectorySeparator(Path.GetFullPath(checkpoint.Directory)), device.ToString(), dtype);
        lock (_lock)
        {
            if (!_models.TryGetValue(key, out VUnet? model))
            {
                model = load(checkpoint, device, dtype);
                _models.Add(key, model);
                Loads++;
            }

            return model;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (VUnet model in _models.Values)
            {
                model.Dispose();
            }

            _models.Clear();
        }
    }
}
