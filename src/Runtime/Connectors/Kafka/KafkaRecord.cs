namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// A record read from a partition and not yet polled: what the decoder and the metadata columns
/// need. Key and value are null when the record has none (a value without bytes is empty, not null).
/// </summary>
internal readonly record struct KafkaRecord(int Partition, long Offset, long TimestampMicros, ReadOnlyMemory<byte>? Key, ReadOnlyMemory<byte>? Value)
{
    public int ValueLength => Value?.Length ?? 0;
}
