namespace StreamSql.Runtime.Connectors;

/// <summary>
/// Where a source has read up to, in the connector's own terms (a Kafka offset per partition, a
/// file name and byte offset, a generator's row count), serialised as text for the offset log.
/// </summary>
public sealed record SourcePosition(string Value)
{
    public static readonly SourcePosition None = new("");
}
