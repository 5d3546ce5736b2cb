namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>Where a Kafka source starts reading a partition it has no logged position for.</summary>
public enum KafkaStartup
{
    /// <summary>The oldest record the broker still holds.</summary>
    Earliest,

    /// <summary>The next record produced after the source starts (partitions found later start at their beginning).</summary>
    Latest,
}
