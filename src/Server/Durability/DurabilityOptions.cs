namespace StreamSql.Server.Durability;

/// <summary>Where and how a server keeps its catalog, table changes and checkpoints.</summary>
public sealed record DurabilityOptions
{
    public required string DataDirectory { get; init; }

    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.Always;

    /// <summary>How often the logs are forced to disk under <see cref="FsyncPolicy.Periodic"/>.</summary>
    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the runtime state is checkpointed (zero or less: never, only the logs are kept).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where recovery and checkpoint messages go.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;
}
