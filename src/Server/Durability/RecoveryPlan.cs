using System.Collections.Immutable;
using StreamSql.Runtime.Engine;

namespace StreamSql.Server.Durability;

/// <summary>
/// What a server must do at start to come back to its last acknowledged state: run the DDL in
/// <see cref="Catalog"/> (everything up to the checkpoint), load <see cref="Checkpoints"/> (a full
/// snapshot and the deltas after it, in order) when there are any, then replay <see cref="Replay"/> (DDL and table changes after the checkpoint) in order,
/// running each epoch of <see cref="Epochs"/> above the checkpoint's once the changes before it are in.
/// </summary>
public sealed record RecoveryPlan(
    ImmutableArray<LoggedStatement> Catalog,
    IReadOnlyList<byte[]> Checkpoints,
    long CheckpointLsn,
    ImmutableArray<LogEntry> Replay,
    ImmutableArray<EpochRecord> Epochs);
