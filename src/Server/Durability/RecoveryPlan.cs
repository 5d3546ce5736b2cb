using System.Collections.Immutable;
using StreamSql.Runtime.Engine;

namespace StreamSql.Server.Durability;

/// <summary>
/// What a server must do at start to come back to its last acknowledged state: run the DDL in
/// <see cref="Catalog"/> (everything up to the checkpoint), load <see cref="Checkpoint"/> when
/// there is one, then replay <see cref="Replay"/> (DDL and table changes after the checkpoint) in order,
/// running each epoch of <see cref="Epochs"/> above the checkpoint's once the changes before it are in.
/// </summary>
public sealed record RecoveryPlan(
    ImmutableArray<LoggedStatement> Catalog,
    byte[]? Checkpoint,
    long CheckpointLsn,
    ImmutableArray<LogEntry> Replay,
    ImmutableArray<EpochRecord> Epochs);
