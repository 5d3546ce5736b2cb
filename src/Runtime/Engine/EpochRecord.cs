using System.Collections.Immutable;
using StreamSql.Runtime.Connectors;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// What defines one epoch's input, handed to <see cref="StreamingRuntime.EpochLog"/> before the epoch
/// runs: its number, the position in the caller's log of the last change applied before it
/// (<see cref="StreamingRuntime.MarkLogPosition"/>; the table changes it drains are those), the processing
/// time it runs at, and how many rows it took from each source and where that left the source.
/// <see cref="StreamingRuntime.ReplayEpoch"/> runs it again from the same starting positions with the
/// same number, time and boundaries. <see cref="EventTimes"/> holds, for each source whose connector
/// says how far its input has come (<see cref="IWatermarkSource"/>), the event time the epoch's
/// watermark followed, so that a replay moves the watermark in the same epoch however the wall clock
/// went (a Kafka partition counts as idle after a quiet time).
/// </summary>
public sealed record EpochRecord(long Epoch, long LogPosition, long NowMicros, ImmutableArray<SourceRead> Sources)
{
    public ImmutableArray<SourceEventTime> EventTimes { get; init; } = [];
}

/// <summary>The event time a source had reached over its active parts when an epoch was logged (null: one part has delivered nothing yet).</summary>
public readonly record struct SourceEventTime(string Source, long? Reached);

/// <summary>The rows one epoch took from one source, and the source's position after them.</summary>
public readonly record struct SourceRead(string Source, int Rows, SourcePosition Position);

/// <summary>How a replayed epoch compared with its record: sources that delivered fewer rows, or ended elsewhere.</summary>
public sealed record EpochReplay(long Epoch, IReadOnlyList<string> Differences);
