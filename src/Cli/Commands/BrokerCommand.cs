using System.CommandLine;
using VUnetStream.Messaging;

namespace VUnetStream.Cli.Commands;

/// <summary>
/// <c>vunet broker --mock</c>: librdkafka's mock cluster in the foreground, so the Kafka mode (serve
/// --kafka, worker) can be tried on one machine without a Kafka install. The first line is the bootstrap list.
/// </summary>
internal static class BrokerCommand
{
    private static readonly Option<bool> Mock = new("--mock") { Description = "Run librdkafka's in-memory mock cluster (the only broker this command offers)" };
    private static readonly Option<int> Brokers = new("--brokers") { Description = "Brokers in the mock cluster", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Partitions = new("--partitions") { Description = "Partitions of each topic (at least the number of workers, so they all get jobs)", DefaultValueFactory = _ => 4 };

    public static Command Create()
    {
        var command = new Command("broker", "Run a Kafka cluster for trying the Kafka mode on one machine (librdkafka's mock; data in memory only).")
        {
            Mock, Brokers, Partitions,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(Mock))
            {
                throw new ArgumentException("broker needs --mock (a real deployment runs Kafka itself; see README, \"Kafka mode\")");
            }

            await VUnetBroker.RunAsync(parse.GetValue(Brokers), parse.GetValue(Partitions), Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
