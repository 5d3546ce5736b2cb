using System.Collections.Immutable;
using StreamSql.Runtime.Connectors;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// What defines one epoch's input, handed to <see cref="StreamingRuntime.EpochLog"/> before the epoch
/// runs: its number, the position in the caller's log of the last change applied before it
/// (<see cref="StreamingRuntime.MarkLogPosition"/>; the table changes it drains are those), the processing
/// time it runs at, and how many rows it took from each source and where that left the source.
/// <see cref="StreamingRuntime.ReplayEpoch"/> runs it again from the same starting positions with the
/// same number, time and boundaries.
/// </summary>
public sealed record EpochRecord(long Epoch, long LogPosition, long NowMicros, ImmutableArray<SourceRead> Sources);

/// <summary>The rows one epoch took from one source, and the source's position after them.</summary>
public readonly record struct SourceRead(string Source, int Rows, SourcePosition Position);

/// <summary>How a replayed epoch compared with its record: sources that delivered fewer rows, or ended elsewhere.</summary>
public sealed record EpochReplay(long Epoch, IReadOnlyList<string> Differences);
