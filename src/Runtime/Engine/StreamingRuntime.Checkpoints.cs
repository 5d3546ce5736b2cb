using System.Text;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Engine;

public sealed partial class StreamingRuntime
{
    /// <summary>
    /// 4: each table's rows with their length; 3: each view's parts with their lengths; 2: the
    /// changes subscribed views keep for resuming subscribers; 1: none of these. All are read.
    /// </summary>
    private const int CheckpointVersion = 4;

    /// <summary>
    /// Writes the committed state of everything: the epoch counter, table rows, source positions and
    /// watermarks, every view's operator state and contents, every sink's operator state. Call
    /// between epochs (it takes the lock, so it never sees half an epoch). Relations are written by
    /// name in ordinal order.
    /// </summary>
    public void WriteCheckpoint(Stream stream)
    {
        if (!stream.CanSeek)
            throw new ArgumentException("a checkpoint is written to a seekable stream", nameof(stream));
        lock (gate)
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(CheckpointVersion);
            w.Write(CurrentEpoch);
            w.Write(timeOffset.Ticks);
            w.Write(tables.Count);
            foreach (var t in tables.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                w.Write(t.Name);
                WriteRelationTime(w, t);
                // Its length first (written once known), so that a restore can take it beside the views'.
                long length = stream.Position;
                w.Write(0L);
                long start = stream.Position;
                t.Committed.Snapshot(stream);
                long end = stream.Position;
                stream.Position = length;
                w.Write(end - start);
                stream.Position = end;
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
                // The lengths of the two parts come first (written once known), so that a restore can
                // take the parts of all views at once (ReadCheckpoint).
                long lengths = stream.Position;
                w.Write(0L);
                w.Write(0L);
                long start = stream.Position;
                v.Dataflow!.Snapshot(stream);
                long middle = stream.Position;
                v.Materialized.Snapshot(stream);
                long end = stream.Position;
                stream.Position = lengths;
                w.Write(middle - start);
                w.Write(end - middle);
                stream.Position = end;
                // The size monitors report, without serializing the state again.
                v.CheckpointBytes = end - start;
            }
            w.Write(sinks.Count);
            foreach (var s in sinks.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                w.Write(s.Name);
                s.Dataflow!.Snapshot(stream);
            }
            var kept = views.Values.Where(v => v.History is not null).OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
            w.Write(kept.Count);
            foreach (var v in kept)
            {
                w.Write(v.Name);
                v.History!.Write(w);
            }
        }
    }

    /// <summary>
    /// Restores state written by <see cref="WriteCheckpoint"/> into a runtime where the same tables,
    /// sources, views and sinks have been created again (from the catalog log) and no epoch has run.
    /// A relation in the checkpoint that does not exist here is an error (XX001: the catalog and the
    /// state disagree). Sources resume from their saved positions when their connector is started
    /// afterwards (see <see cref="SourcePositionOf"/>).
    /// </summary>
    public void ReadCheckpoint(Stream stream)
    {
        lock (gate)
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            int version = r.ReadInt32();
            if (version is < 1 or > CheckpointVersion)
                throw new SqlStateException("XX001", $"checkpoint version {version} is not supported (this server reads versions 1 to {CheckpointVersion})");
            CurrentEpoch = r.ReadInt64();
            timeOffset = TimeSpan.FromTicks(r.ReadInt64());
            // Tables' rows and views' operators and contents are restored together at the end (RestoreParts).
            var parts = new List<(Action<Stream> Restore, long Offset, long Length)>();
            int count = r.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                var t = tables.GetValueOrDefault(r.ReadString()) ?? throw Corrupt("table");
                ReadRelationTime(r, t);
                Action<Stream> restore = s =>
                {
                    t.Committed.Restore(s);
                    // Nothing is queued: the live rows are the committed ones.
                    t.Live = t.Committed.CopyCounts()!;
                    t.LiveKeys.Clear();
                    if (!t.Key.IsEmpty)
                    {
                        t.LiveKeys.EnsureCapacity(t.Live.Count);
                        foreach (var row in t.Live.Keys)
                            t.LiveKeys[t.KeyOf(row.Values)] = row.Values;
                    }
                };
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
                long dataflowLength = r.ReadInt64(), contentsLength = r.ReadInt64();
                AddPart(stream, parts, v.Dataflow!.Restore, dataflowLength);
                AddPart(stream, parts, v.Materialized.Restore, contentsLength);
                v.CheckpointBytes = dataflowLength + contentsLength;
            }
            RestoreParts(stream, parts);
            count = r.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                var s = sinks.GetValueOrDefault(r.ReadString()) ?? throw Corrupt("sink");
                s.Dataflow!.Restore(stream);
            }
            count = version >= 2 ? r.ReadInt32() : 0;
            for (int i = 0; i < count; i++)
            {
                var v = views.GetValueOrDefault(r.ReadString()) ?? throw Corrupt("materialized view");
                v.History = ChangeHistory.Read(r);
            }
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
