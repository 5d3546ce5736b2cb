using System.Text;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Engine;

public sealed partial class StreamingRuntime
{
    /// <summary>
    /// 7: a delta holds the kept changes of the epochs since the capture before it, not all of them;
    /// 6: each kept view's change retention after its changes; 5: a kind after the version (a full snapshot, or a delta over the previous checkpoint);
    /// 4: each table's rows with their length; 3: each view's parts with their lengths; 2: the
    /// changes subscribed views keep for resuming subscribers; 1: none of these. All are read.
    /// </summary>
    private const int CheckpointVersion = 7;

    private const byte FullCheckpoint = 0;
    private const byte DeltaCheckpoint = 1;

    // Bumped whenever a table, source, view or sink is created or dropped: a delta covers the
    // relations of the checkpoint it builds on, so after such a change the next checkpoint is full.
    private long relationsChanged;
    private long relationsAtCapture = -1;
    // Whether the last checkpoint captured was saved (CheckpointCompleted): a delta builds on it.
    private bool captureSaved;

    /// <summary>
    /// Writes the committed state of everything: the epoch counter, table rows, source positions and
    /// watermarks, every view's operator state and contents, every sink's operator state. Call
    /// between epochs (it takes the lock, so it never sees half an epoch). Relations are written by
    /// name in ordinal order.
    /// With <paramref name="delta"/>, the tables', views' and sinks' state is written as what changed
    /// since the previous checkpoint (<see cref="IOperator.SnapshotDelta"/>), when that is possible:
    /// the previous checkpoint was saved (<see cref="CheckpointCompleted"/>) or restored, and no
    /// relation was created or dropped since. Returns whether it wrote a delta; read it back by
    /// <see cref="ReadCheckpoint(IReadOnlyList{Stream})"/> after the checkpoints it builds on.
    /// </summary>
    public bool WriteCheckpoint(Stream stream, bool delta = false)
    {
        lock (gate)
        {
            delta = delta && CanWriteDelta;
            Capture(stream, delta);
            if (!delta)
                BeginDeltas();
            return delta;
        }
    }

    /// <summary>
    /// Writes what changed since the previous checkpoint or epoch delta, as <see cref="WriteCheckpoint"/>
    /// writes a delta, when one can be written (the previous capture was saved, see
    /// <see cref="CheckpointCompleted"/>, and no relation was created or dropped since); else writes
    /// nothing and returns false. Never a full snapshot: this is what a durable server captures after
    /// an epoch (<see cref="EpochCompleted"/>), so that recovery restores the epoch instead of running it again.
    /// </summary>
    public bool TryWriteEpochDelta(Stream stream)
    {
        lock (gate)
        {
            if (!CanWriteDelta)
                return false;
            Capture(stream, delta: true);
            return true;
        }
    }

    private bool CanWriteDelta => captureSaved && relationsAtCapture == relationsChanged;

    // The epoch the last capture (checkpoint or epoch delta) was taken at: a delta holds the kept
    // changes of the epochs after it.
    private long capturedEpoch;

    private void Capture(Stream stream, bool delta)
    {
        if (!stream.CanSeek)
            throw new ArgumentException("a checkpoint is written to a seekable stream", nameof(stream));
        relationsAtCapture = relationsChanged;
        captureSaved = false;
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(CheckpointVersion);
        w.Write(delta ? DeltaCheckpoint : FullCheckpoint);
        w.Write(CurrentEpoch);
        w.Write(timeOffset.Ticks);
        w.Write(tables.Count);
        foreach (var t in tables.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            w.Write(t.Name);
            WriteRelationTime(w, t);
            // Its length first, so that a restore can take it beside the views'.
            WritePart(w, delta ? t.Committed.SnapshotDelta : t.Committed.Snapshot);
        }
        w.Write(sources.Count);
        foreach (var s in sources.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            w.Write(s.Name);
            WriteRelationTime(w, s);
            w.Write(s.Position.Value);
        }
        w.Write(views.Count);
        foreach (var v in views.Values.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            w.Write(v.Name);
            // Each part's length first, so that a restore can take the parts of all views at once.
            long bytes = WritePart(w, delta ? v.Dataflow!.SnapshotDelta : v.Dataflow!.Snapshot)
                + WritePart(w, delta ? v.Materialized.SnapshotDelta : v.Materialized.Snapshot);
            // The size monitors report, without serializing the state again.
            if (!delta)
                v.CheckpointBytes = bytes;
        }
        w.Write(sinks.Count);
        foreach (var s in sinks.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            w.Write(s.Name);
            if (delta)
                s.Dataflow!.SnapshotDelta(stream);
            else
                s.Dataflow!.Snapshot(stream);
        }
        var kept = views.Values.Where(v => v.History is not null).OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        w.Write(kept.Count);
        foreach (var v in kept)
        {
            w.Write(v.Name);
            // A delta holds the changes kept since the last capture (and how far the older ones were forgotten).
            v.History!.Write(w, after: delta ? capturedEpoch : long.MinValue);
            w.Write(v.History.Retention.Ticks);
        }

        capturedEpoch = CurrentEpoch;
    }

    /// <summary>Writes a part's length (once known), then the part; returns the part's length.</summary>
    private static long WritePart(BinaryWriter w, Action<Stream> write)
    {
        var stream = w.BaseStream;
        long lengthAt = stream.Position;
        w.Write(0L);
        long start = stream.Position;
        write(stream);
        long end = stream.Position;
        stream.Position = lengthAt;
        w.Write(end - start);
        stream.Position = end;
        return end - start;
    }

    /// <summary>Every operator notes its changes from now on, for the next delta.</summary>
    private void BeginDeltas()
    {
        foreach (var t in tables.Values)
            t.Committed.BeginDelta();
        foreach (var v in views.Values)
        {
            v.Dataflow!.BeginDelta();
            v.Materialized.BeginDelta();
        }

        foreach (var s in sinks.Values)
            s.Dataflow!.BeginDelta();
    }

    /// <summary>Restores one checkpoint written by <see cref="WriteCheckpoint"/> (a full one).</summary>
    public void ReadCheckpoint(Stream stream) => ReadCheckpoint([stream]);

    /// <summary>
    /// Restores state written by <see cref="WriteCheckpoint"/>: a full checkpoint, then the deltas
    /// written after it, in order; into a runtime where the same tables, sources, views and sinks
    /// have been created again (from the catalog log) and no epoch has run. A relation in the
    /// checkpoint that does not exist here is an error (XX001: the catalog and the state disagree),
    /// as is a chain that does not start with a full checkpoint. Sources resume from the last one's
    /// positions when their connector is started afterwards (see <see cref="SourcePositionOf"/>).
    /// The next checkpoint may be a delta over the last one read.
    /// </summary>
    public void ReadCheckpoint(IReadOnlyList<Stream> chain)
    {
        lock (gate)
        {
            for (int i = 0; i < chain.Count; i++)
                ReadOne(chain[i], first: i == 0);
            foreach (var t in tables.Values)
            {
                // Nothing is queued: the live rows are the committed ones.
                t.Live = t.Committed.CopyCounts()!;
                t.LiveKeys.Clear();
                if (!t.Key.IsEmpty)
                {
                    t.LiveKeys.EnsureCapacity(t.Live.Count);
                    foreach (var row in t.Live.Keys)
                        t.LiveKeys[t.KeyOf(row.Values)] = row.Values;
                }
            }

            BeginDeltas();
            relationsAtCapture = relationsChanged;
            captureSaved = chain.Count > 0;
            capturedEpoch = CurrentEpoch;
        }
    }

    private void ReadOne(Stream stream, bool first)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        int version = r.ReadInt32();
        if (version is < 1 or > CheckpointVersion)
            throw new SqlStateException("XX001", $"checkpoint version {version} is not supported (this server reads versions 1 to {CheckpointVersion})");
        bool delta = version >= 5 && r.ReadByte() == DeltaCheckpoint;
        if (delta == first)
            throw new SqlStateException("XX001", first ? "the first checkpoint to restore is a delta" : "a full checkpoint follows another in a chain of deltas");
        CurrentEpoch = r.ReadInt64();
        timeOffset = TimeSpan.FromTicks(r.ReadInt64());
        // Tables' rows and views' operators and contents are restored together at the end (RestoreParts).
        var parts = new List<(Action<Stream> Restore, long Offset, long Length)>();
        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var t = tables.GetValueOrDefault(r.ReadString()) ?? throw Corrupt("table");
            ReadRelationTime(r, t);
            Action<Stream> restore = delta ? t.Committed.ApplyDelta : t.Committed.Restore;
            if (version < 4)
                restore(stream);
            else
                AddPart(stream, parts, restore, r.ReadInt64());
        }
        count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var s = sources.GetValueOrDefault(r.ReadString()) ?? throw Corrupt("source");
            ReadRelationTime(r, s);
            s.Position = new SourcePosition(r.ReadString());
        }
        count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var v = views.GetValueOrDefault(r.ReadString()) ?? throw Corrupt("materialized view");
            if (version < 3)
            {
                v.Dataflow!.Restore(stream);
                v.Materialized.Restore(stream);
                continue;
            }
            // Versions 3 and 4 wrote both lengths before both parts.
            long dataflowLength = r.ReadInt64(), contentsLength = version < 5 ? r.ReadInt64() : 0;
            AddPart(stream, parts, delta ? v.Dataflow!.ApplyDelta : v.Dataflow!.Restore, dataflowLength);
            if (version >= 5)
                contentsLength = r.ReadInt64();
            AddPart(stream, parts, delta ? v.Materialized.ApplyDelta : v.Materialized.Restore, contentsLength);
            if (!delta)
                v.CheckpointBytes = dataflowLength + contentsLength;
        }
        RestoreParts(stream, parts);
        count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var s = sinks.GetValueOrDefault(r.ReadString()) ?? throw Corrupt("sink");
            if (delta)
                s.Dataflow!.ApplyDelta(stream);
            else
                s.Dataflow!.Restore(stream);
        }
        count = version >= 2 ? r.ReadInt32() : 0;
        for (int i = 0; i < count; i++)
        {
            var v = views.GetValueOrDefault(r.ReadString()) ?? throw Corrupt("materialized view");
            if (delta && version >= 7 && v.History is { } history)
                history.ReadAfter(r);
            else
                v.History = ChangeHistory.Read(r, Options.ChangeRetention);
            if (version >= 6)
                v.History.KeepFor(TimeSpan.FromTicks(r.ReadInt64()));
        }
    }

    /// <summary>
    /// Restores the parts (each table's rows, each view's operators, each view's contents): from an
    /// in-memory checkpoint all at once on the thread pool (they share nothing), else one after the other.
    /// </summary>
    private static void RestoreParts(Stream stream, List<(Action<Stream> Restore, long Offset, long Length)> parts)
    {
        if (parts.Count == 0)
            return;
        if (stream is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            Parallel.ForEach(parts.OrderByDescending(p => p.Length), part =>
            {
                using var slice = new MemoryStream(buffer.Array!, buffer.Offset + checked((int)part.Offset), checked((int)part.Length), writable: false);
                part.Restore(slice);
            });
            return;
        }
        long end = stream.Position;
        foreach (var (restore, offset, _) in parts)
        {
            stream.Position = offset;
            restore(stream);
        }
        stream.Position = end;
    }

    /// <summary>
    /// Notes a part of <paramref name="length"/> bytes at the stream's position and moves past it; a
    /// stream that cannot seek is read as it comes, so there the part is restored at once.
    /// </summary>
    private static void AddPart(Stream stream, List<(Action<Stream> Restore, long Offset, long Length)> parts, Action<Stream> restore, long length)
    {
        if (!stream.CanSeek)
        {
            restore(stream);
            return;
        }
        parts.Add((restore, stream.Position, length));
        stream.Position += length;
    }

    /// <summary>The position a source has read up to (after a restore: where its connector must resume).</summary>
    public SourcePosition SourcePositionOf(string source)
    {
        lock (gate)
            return (sources.GetValueOrDefault(source) ?? throw Undefined("source", source)).Position;
    }

    private static void WriteRelationTime(BinaryWriter w, RelationState r)
    {
        w.Write(r.MaxEventTime ?? long.MinValue);
        w.Write(r.Watermark ?? long.MinValue);
        w.Write(r.LateRows);
        w.Write(r.RecordsRead);
    }

    private static void ReadRelationTime(BinaryReader r, RelationState state)
    {
        long max = r.ReadInt64(), wm = r.ReadInt64();
        state.MaxEventTime = max == long.MinValue ? null : max;
        state.Watermark = wm == long.MinValue ? null : wm;
        state.LateRows = r.ReadInt64();
        state.RecordsRead = r.ReadInt64();
    }

    private static SqlStateException Corrupt(string kind) =>
        new("XX001", $"checkpoint names a {kind} that does not exist in the catalog");
}
