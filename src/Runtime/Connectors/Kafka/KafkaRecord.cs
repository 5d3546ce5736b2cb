namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>A record read from a partition and not yet polled: what the decoder and the metadata columns need.</summary>
internal readonly record struct KafkaRecord(int Partition, long Offset, long TimestampMicros, byte[]? Key, byte[]? Value);
