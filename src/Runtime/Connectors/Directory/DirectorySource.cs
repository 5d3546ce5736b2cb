using System.Collections.Immutable;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors.Directory;

/// <summary>
/// The <c>directory</c> source, Spark's <c>textFileStream</c>: every new file that appears in the
/// folder is read once, whole, in arrival order (modification time, then name). Files must be
/// moved in complete (write elsewhere or under an ignored name, then rename): names starting with
/// <c>.</c> or <c>_</c> and temporary suffixes (<see cref="IsIgnored"/>) are never read. A file
/// keeps its place by its modification time, so one that arrives with an older time than the file
/// last read (<c>mv</c> keeps the time) is still read, but a restart from a position logged after
/// it would count it as read: touch files as they are moved in. A file is known by its name: once
/// taken, it is not read again while it stays in the folder, whatever happens to its modification
/// time (a touch, an append: appended records are not read), also after a restart: a position
/// covers the files that sort before it, and lists the ones taken whose time has moved after it.
/// (A file changed while the source is stopped, after the position that covers it by its order, is
/// read again: listing every file taken in every position would make positions grow with the folder.)
/// A name whose file left the folder is forgotten, so a new file moved in under it later is read.
/// <para>Position: <see cref="DirectoryPosition"/> (file, byte offset and the files changed after it); a restart resumes
/// exactly there, so with the offset log nothing is read twice and nothing is lost.</para>
/// <para>Reading runs on its own task into a bounded buffer of <see cref="DirectorySourceOptions.BufferRecords"/>
/// records; when it is full the task waits for <see cref="Poll"/>.</para>
/// </summary>
public sealed class DirectorySource : QueuedSource
{
    private static readonly ImmutableArray<string> TemporarySuffixes =
        [".tmp", ".temp", ".part", ".partial", ".inprogress", ".crdownload", ".swp", "._COPYING_", "~"];

    private readonly DirectorySourceOptions options;
    private volatile bool idle;
    /// <summary>The files of the last scan, by name, with their modification times (reused by each scan; reading task only).</summary>
    private readonly Dictionary<string, long> present = new(StringComparer.Ordinal);

    /// <summary>The constructor the server calls: checks the <c>WITH</c> options, the format and its options (22023 errors).</summary>
    public DirectorySource(IReadOnlyDictionary<string, string> options, string? format, IReadOnlyDictionary<string, string>? formatOptions, RowSchema schema)
        : this(DirectorySourceOptions.Parse(options, format, formatOptions), schema)
    {
    }

    public DirectorySource(DirectorySourceOptions options, RowSchema schema)
        : this(options, schema, new RecordLines(options.Path))
    {
    }

    // A bad record is placed by file and line (what a person looks for), a resume position by bytes.
    private DirectorySource(DirectorySourceOptions options, RowSchema schema, RecordLines lines)
        : base(schema, options.Format, options.BufferRecords,
            (origin, mark) => origin is DirectoryFile file ? lines.Place(file, mark) : SourcePosition.None,
            static (origin, mark) => origin is DirectoryFile file ? DirectoryPosition.Of(file, mark) : SourcePosition.None)
    {
        this.options = options;
    }

    public DirectorySourceOptions Options => options;

    /// <summary>True once a scan after the last file found nothing new and every record was polled.</summary>
    public override bool IsExhausted => idle && !Queue.HasPending;

    /// <summary>True for names never read: hidden (<c>.</c>), private (<c>_</c>) and temporary files being written.</summary>
    public static bool IsIgnored(string name)
    {
        if (name.Length == 0 || name[0] is '.' or '_')
            return true;
        foreach (var suffix in TemporarySuffixes)
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    protected override Func<CancellationToken, Task> Prepare(SourcePosition? start)
    {
        DirectoryPosition? resume = start is null ? null : DirectoryPosition.Parse(start.Value);
        return token => ReadLoopAsync(resume, token);
    }

    private async Task ReadLoopAsync(DirectoryPosition? resume, CancellationToken cancel)
    {
        var context = Context!;
        var reader = new RecordStreamReader(Queue, Decoder, context.DataAvailable);
        // The names of the files taken (or counted as taken) that are still in the folder.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (resume is { } from)
            seen.UnionWith(from.Taken);
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var found = Scan(seen, resume);
                if (found.Count == 0)
                {
                    if (!idle)
                    {
                        idle = true;
                        context.DataAvailable();
                    }
                    await Task.Delay(options.ScanInterval, context.Time, cancel).ConfigureAwait(false);
                    continue;
                }
                idle = false;
                foreach (var file in found)
                {
                    var taken = file with { TakenBefore = TakenAfter(seen, file) };
                    seen.Add(file.Name);
                    // The file a restart resumes in is known by its name: touched since, it goes on at the offset.
                    long offset = resume is { } r && r.Name == file.Name ? r.Offset : 0;
                    await ReadFileAsync(reader, taken, offset, cancel).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// What a position in <paramref name="file"/> must list besides itself: the files taken that a
    /// restart from it would otherwise read again, those whose time now sorts after it (touched or
    /// appended to since they were taken). Files sorting before it count as read by their order, so
    /// the list is empty unless files were changed after they were read.
    /// </summary>
    private string TakenAfter(HashSet<string> seen, DirectoryFile file)
    {
        List<string>? after = null;
        foreach (var name in seen)
            if (present.TryGetValue(name, out long ticks) && DirectoryFile.Compare(ticks, name, file.ModifiedTicks, file.Name) > 0)
                (after ??= []).Add(name);
        if (after is null)
            return "";
        after.Sort(StringComparer.Ordinal);
        return string.Concat(after.Select(n => n + "/"));
    }

    /// <summary>Files not read yet, in arrival order; files sorting before the resume position count as read.</summary>
    private List<DirectoryFile> Scan(HashSet<string> seen, DirectoryPosition? resume)
    {
        var found = new List<DirectoryFile>();
        present.Clear();
        try
        {
            foreach (var info in new DirectoryInfo(options.Path).EnumerateFiles())
            {
                var name = info.Name;
                if (IsIgnored(name) || !options.Pattern.Matches(name))
                    continue;
                var file = new DirectoryFile(name, info.LastWriteTimeUtc.Ticks);
                present[name] = file.ModifiedTicks;
                if (seen.Contains(name))
                    continue;
                if (resume is { } r && r.Name != name && DirectoryFile.Compare(file.ModifiedTicks, name, r.ModifiedTicks, r.Name) < 0)
                {
                    seen.Add(name);
                    continue;
                }
                found.Add(file);
            }
            // Forget files that are gone, so that the set stays as small as the folder.
            seen.IntersectWith(present.Keys);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            // A folder that is gone or unreadable for a moment holds no new files; the next scan retries.
        }
        found.Sort();
        return found;
    }

    private async Task ReadFileAsync(RecordStreamReader reader, DirectoryFile file, long offset, CancellationToken cancel)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(System.IO.Path.Combine(options.Path, file.Name), FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Queue.PublishError(file, offset, $"cannot read file '{file.Name}': {e.Message}");
            Context!.DataAvailable();
            return;
        }
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                if (offset > 0)
                {
                    if (offset >= stream.Length)
                        return;
                    stream.Seek(offset, SeekOrigin.Begin);
                }
                await reader.ReadAsync(stream, file, offset, byteMarks: true, fromStart: offset == 0, cancel).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                Queue.PublishError(file, offset, $"cannot read file '{file.Name}': {e.Message}");
                Context!.DataAvailable();
            }
        }
    }
}
