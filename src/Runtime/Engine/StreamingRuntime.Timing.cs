using System.Diagnostics;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// Per-dataflow timing: every call into a dataflow's entry goes through <see cref="Deliver"/>,
/// <see cref="DeliverWatermark"/> or <see cref="DeliverEpochEnd"/>, which charge the time to that
/// dataflow and pause the caller's (a view's commit feeds the views reading it from inside its own
/// epoch end), so each timer holds its own work only. Two timestamps per call, none per row.
/// </summary>
public sealed partial class StreamingRuntime
{
    private readonly Stack<DataflowTimer?> pausedTimers = new();
    private DataflowTimer? runningTimer;
    private long runningSince;

    private void Enter(DataflowTimer? timer)
    {
        long now = Stopwatch.GetTimestamp();
        if (runningTimer is not null)
            runningTimer.Ticks += now - runningSince;
        pausedTimers.Push(runningTimer);
        runningTimer = timer;
        runningSince = now;
    }

    private void Exit()
    {
        long now = Stopwatch.GetTimestamp();
        if (runningTimer is not null)
            runningTimer.Ticks += now - runningSince;
        runningTimer = pausedTimers.Pop();
        runningSince = now;
    }

    private void Deliver(DataflowInput input, Batch batch)
    {
        if (input.Timer is { } timer)
            timer.RowsIn += batch.RowCount;
        Enter(input.Timer);
        try
        {
            input.Entry.OnBatch(batch);
        }
        finally
        {
            Exit();
        }
    }

    private void DeliverWatermark(DataflowInput input, Watermark watermark)
    {
        Enter(input.Timer);
        try
        {
            input.Entry.OnWatermark(watermark);
        }
        finally
        {
            Exit();
        }
    }

    private void DeliverEpochEnd(DataflowInput input, long epoch)
    {
        Enter(input.Timer);
        try
        {
            input.Entry.OnEpochEnd(epoch);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Closes the epoch's books: each dataflow records what the epoch cost it.</summary>
    private void EndEpochTiming()
    {
        foreach (var timer in views.Values.Select(v => v.Dataflow?.Timer).Concat(sinks.Values.Select(s => s.Dataflow?.Timer)))
        {
            if (timer is null)
                continue;
            timer.LastEpochTicks = timer.Ticks - timer.TicksAtEpochStart;
            timer.Epochs++;
            timer.TicksAtEpochStart = timer.Ticks;
        }
    }

    /// <summary>
    /// Per materialized view: rows held, the cost of its last epoch and of all its epochs so far
    /// (its own operators only), and its state in bytes as a checkpoint writes it (operators and
    /// contents): the size in the last full snapshot written (<see cref="NoteStateSizes"/> adds
    /// those a compaction wrote from a copy of the state), or, with <paramref name="measureState"/>
    /// and no checkpoint yet, measured now by serializing the state (under the lock, so meant for a
    /// sampling monitor of a server that keeps no checkpoints, not for every epoch).
    /// </summary>
    /// <summary>Each view's state in bytes in the last full snapshot this runtime wrote or read.</summary>
    public IReadOnlyDictionary<string, long> StateSizes()
    {
        lock (gate)
            return views.Values.Where(v => v.CheckpointBytes is not null).ToDictionary(v => v.Name, v => v.CheckpointBytes!.Value);
    }

    /// <summary>Takes views' state sizes from a full snapshot written elsewhere (a compaction's copy of this state).</summary>
    public void NoteStateSizes(IReadOnlyDictionary<string, long> sizes)
    {
        lock (gate)
        {
            foreach (var (name, bytes) in sizes)
                if (views.TryGetValue(name, out var v))
                    v.CheckpointBytes = bytes;
        }
    }

    public IReadOnlyList<ViewStats> GetViewStats(bool measureState)
    {
        lock (gate)
        {
            var result = new List<ViewStats>(views.Count);
            foreach (var v in views.Values)
            {
                long? bytes = v.CheckpointBytes;
                if (bytes is null && measureState && v.Dataflow is { } dataflow)
                {
                    using var counter = new CountingStream();
                    dataflow.Snapshot(counter);
                    v.Materialized.Snapshot(counter);
                    bytes = counter.Length;
                }

                var timer = v.Dataflow?.Timer;
                result.Add(new ViewStats(v.Name, v.Materialized.RowCount,
                    timer is null ? 0 : Micros(timer.LastEpochTicks), timer is null ? 0 : Micros(timer.Ticks), timer?.Epochs ?? 0, bytes)
                {
                    RowsIn = timer?.RowsIn ?? 0,
                    RowsOut = v.RecordsRead,
                });
            }

            return result;
        }
    }

    private static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

    /// <summary>Counts what is written and keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position
        {
            get => length;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;

        public override void WriteByte(byte value) => length++;
    }
}
