using System.Globalization;

namespace StreamSql.Server.Durability;

/// <summary>
/// The table DML write-ahead log: segments <c>tables/wal-{first LSN}.log</c>, each a
/// <see cref="RecordLog"/>. A new segment starts at every server start and every checkpoint, so
/// segments whose records are all covered by the older kept checkpoint can be deleted whole.
/// Appends and <see cref="StartSegment"/> come from one writer at a time; <see cref="Flush"/> and
/// <see cref="DeleteCoveredBy"/> may run beside them.
/// </summary>
public sealed class TableLog : IDisposable
{
    private readonly object _segmentsLock = new();
    private readonly string _folder;
    private readonly TextWriter _log;
    private readonly List<long> _segments = [];
    private RecordLog? _current;

    private TableLog(string folder, TextWriter log)
    {
        _folder = folder;
        _log = log;
    }

    /// <summary>Opens the log, handing every valid record of every segment, oldest first, to <paramref name="onRecord"/>.</summary>
    public static TableLog Open(string folder, Action<ReadOnlyMemory<byte>> onRecord, TextWriter log)
    {
        var tableLog = new TableLog(folder, log);
        foreach (var (first, path) in ListSegments(folder))
        {
            RecordLog.Open(path, onRecord, log).Dispose();
            tableLog._segments.Add(first);
        }

        return tableLog;
    }

    /// <summary>Closes the current segment (forced to disk) and starts a new one whose records have LSNs from <paramref name="firstLsn"/>.</summary>
    public void StartSegment(long firstLsn)
    {
        var next = RecordLog.Open(SegmentPath(_folder, firstLsn), _ => throw new DurabilityException($"new log segment {firstLsn} is not empty"), _log);
        lock (_segmentsLock)
        {
            if (_current is not null)
            {
                _current.Flush();
                _current.Dispose();
            }

            _current = next;
            if (!_segments.Contains(firstLsn))
                _segments.Add(firstLsn);
        }
    }

    /// <summary>The first LSN of the newest segment (0 when there is none).</summary>
    public long NewestSegment
    {
        get
        {
            lock (_segmentsLock)
                return _segments.Count == 0 ? 0 : _segments.Max();
        }
    }

    /// <summary>Appends a record to the current segment; returns where it starts there (for <see cref="CutBack"/>).</summary>
    public long Append(ReadOnlySpan<byte> payload)
    {
        var current = _current ?? throw new InvalidOperationException("the table log has no open segment");
        long start = current.Length;
        current.Append(payload);
        return start;
    }

    /// <summary>Takes back the records of the current segment from <paramref name="start"/> on.</summary>
    public void CutBack(long start) =>
        (_current ?? throw new InvalidOperationException("the table log has no open segment")).Truncate(start);

    public void Flush()
    {
        lock (_segmentsLock)
            _current?.Flush();
    }

    /// <summary>Deletes the segments whose records all have LSNs at or below <paramref name="lsn"/> (never the current one).</summary>
    public void DeleteCoveredBy(long lsn)
    {
        lock (_segmentsLock)
        {
            _segments.Sort();
            for (int i = 0; i + 1 < _segments.Count;)
            {
                if (_segments[i + 1] <= lsn + 1)
                {
                    File.Delete(SegmentPath(_folder, _segments[i]));
                    _segments.RemoveAt(i);
                }
                else
                {
                    break;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_segmentsLock)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    private static string SegmentPath(string folder, long firstLsn) =>
        Path.Combine(folder, $"wal-{firstLsn.ToString("D20", CultureInfo.InvariantCulture)}.log");

    private static IEnumerable<(long First, string Path)> ListSegments(string folder)
    {
        var segments = new List<(long, string)>();
        foreach (var path in Directory.EnumerateFiles(folder, "wal-*.log"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (long.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out long first))
                segments.Add((first, path));
        }

        segments.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return segments;
    }
}
