using System.Net;
using VUnetStream.Messaging;
using VUnetStream.Service;

namespace VUnetStream.Server;

/// <summary>Where `vunet serve` listens, the API key it asks for, and the job service's own options.</summary>
public sealed record ServerOptions
{
    /// <summary>The address to listen on; loopback unless an API key is set.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0: any free port (the URL printed first says which).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>When set, every request but /health and the page needs it in the X-Api-Key header.</summary>
    public string? ApiKey { get; init; }

    public ServiceOptions Service { get; init; } = new();

    /// <summary>
    /// The Kafka mode: jobs are published to the cluster's jobs topic and run by `vunet worker`s, whose
    /// events update the store; null: the embedded mode (jobs run in this process).
    /// </summary>
    public KafkaOptions? Kafka { get; init; }

    /// <summary>The address <see cref="Host"/> names ("localhost" is the IPv4 loopback).</summary>
    public IPAddress Address() =>
        Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(Host, out IPAddress? address) ? address
        : throw new ArgumentException($"--host '{Host}' is not an IP address (or localhost)");

    /// <summary>Refuses to serve jobs to the network without a key: anyone who reaches the port could use the machine.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port {Port} must be between 0 and 65535");
        }

        if (!IPAddress.IsLoopback(Address()) && string.IsNullOrEmpty(ApiKey))
        {
            throw new ArgumentException($"refusing to listen on {Host} (beyond this machine) without an API key: pass --api-key KEY or set VUNET_API_KEY");
        }

        Service.Validate();
        if (Kafka is not null)
        {
            Kafka.Validate();
            if (Service.MediaRoot is null)
            {
                throw new ArgumentException("--kafka needs --media-root DIR: the folder the workers share, where uploads and results live");
            }
        }
    }
}
