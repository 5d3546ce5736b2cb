using System.Globalization;

namespace StreamSql.Server.Durability;

/// <summary>
/// A log in segments <c>{folder}/{prefix}-{first key}.log</c>, each a <see cref="RecordLog"/>, whose
/// records carry increasing keys: the table DML write-ahead log (<c>tables/wal-</c>, keyed by LSN) and
/// the epoch log (<c>offsets/epochs-</c>, keyed by epoch number). A new segment starts at every
/// server start and every checkpoint, so segments whose records are all covered by the older kept
/// checkpoint can be deleted whole. Appends and <see cref="StartSegment"/> come from one writer at a
/// time; <see cref="Flush"/> and <see cref="DeleteCoveredBy"/> may run beside them.
/// </summary>
public sealed class SegmentedLog : IDisposable
{
    private readonly object _segmentsLock = new();
    private readonly string _folder;
    private readonly string _prefix;
    private readonly TextWriter _log;
    private readonly List<long> _segments = [];
    private RecordLog? _current;

    private SegmentedLog(string folder, string prefix, TextWriter log)
    {
        _folder = folder;
        _prefix = prefix;
        _log = log;
    }

    /// <summary>Opens the log, handing every valid record of every segment, oldest first, to <paramref name="onRecord"/>.</summary>
    public static SegmentedLog Open(string folder, string prefix, Action<ReadOnlyMemory<byte>> onRecord, TextWriter log)
    {
        var segmented = new SegmentedLog(folder, prefix, log);
        foreach (var (first, path) in segmented.ListSegments())
        {
            RecordLog.Open(path, onRecord, log).Dispose();
            segmented._segments.Add(first);
        }

        return segmented;
    }

    /// <summary>Closes the current segment (forced to disk) and starts a new one whose records have keys from <paramref name="firstKey"/> on.</summary>
    public void StartSegment(long firstKey)
    {
        var next = RecordLog.Open(SegmentPath(firstKey), _ => throw new DurabilityException($"new log segment {SegmentPath(firstKey)} is not empty"), _log);
        lock (_segmentsLock)
        {
            if (_current is not null)
            {
                _current.Flush();
                _current.Dispose();
            }

            _current = next;
            if (!_segments.Contains(firstKey))
                _segments.Add(firstKey);
        }
    }

    /// <summary>Appends a record to the current segment; returns where it starts there (for <see cref="CutBack"/>).</summary>
    public long Append(ReadOnlySpan<byte> payload)
    {
        var current = _current ?? throw new InvalidOperationException("the log has no open segment");
        long start = current.Length;
        current.Append(payload);
        return start;
    }

    /// <summary>Takes back the records of the current segment from <paramref name="start"/> on.</summary>
    public void CutBack(long start) =>
        (_current ?? throw new InvalidOperationException("the log has no open segment")).Truncate(start);

    public void Flush()
    {
        lock (_segmentsLock)
            _current?.Flush();
    }

    /// <summary>Deletes the segments whose records all have keys at or below <paramref name="key"/> (never the current one).</summary>
    public void DeleteCoveredBy(long key)
    {
        lock (_segmentsLock)
        {
            _segments.Sort();
            for (int i = 0; i + 1 < _segments.Count;)
            {
                if (_segments[i + 1] <= key + 1)
                {
                    File.Delete(SegmentPath(_segments[i]));
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

    private string SegmentPath(long firstKey) =>
        Path.Combine(_folder, $"{_prefix}-{firstKey.ToString("D20", CultureInfo.InvariantCulture)}.log");

    private List<(long First, string Path)> ListSegments()
    {
        var segments = new List<(long, string)>();
        foreach (var path in Directory.EnumerateFiles(_folder, $"{_prefix}-*.log"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (long.TryParse(name.AsSpan(_prefix.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long first))
                segments.Add((first, path));
        }

        segments.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return segments;
    }
}
