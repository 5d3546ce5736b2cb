namespace StreamSql.Kafka.Tests;

/// <summary>
/// A test that needs a real Kafka broker, given by the environment variable
/// <see cref="Variable"/> (bootstrap servers). librdkafka's mock cluster does not isolate
/// transactions (its last stable offset is always the end of the log and it lists no aborted
/// transactions), so a <c>read_committed</c> reader sees uncommitted and aborted records there, and
/// it does not fence producers on commit; tests of those guarantees run only against a broker.
/// </summary>
public sealed class RealKafkaFactAttribute : FactAttribute
{
    public const string Variable = "STREAMSQL_KAFKA_BOOTSTRAP";

    public RealKafkaFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"needs a real Kafka broker: set {Variable} to its bootstrap servers";
    }

    public static string? Bootstrap => Environment.GetEnvironmentVariable(Variable);
}
