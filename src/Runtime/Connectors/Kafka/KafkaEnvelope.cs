namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>How a Kafka sink writes changes.</summary>
public enum KafkaEnvelope
{
    /// <summary>Every inserted row is a record; the input must never retract.</summary>
    Append,

    /// <summary>The record for a key is its latest row; a retracted key gets a tombstone (null value). Needs <c>key</c>.</summary>
    Upsert,
}
