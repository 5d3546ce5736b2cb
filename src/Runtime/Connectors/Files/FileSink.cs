using System.Globalization;
using System.Text;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Files;

/// <summary>
/// The <c>file</c> sink, Spark's <c>saveAsTextFiles</c>: each epoch's changes go to a folder
/// <c>epoch=N/</c> holding one part file per partition (<c>part-00000</c>, ...). The folder is
/// written under a hidden temporary name (<c>.epoch=N.inprogress</c>) and renamed into place by
/// <see cref="Commit"/>, so a reader never sees a partial folder; a re-run epoch replaces its
/// folder (renamed aside, then deleted), so there is never a second copy. An epoch without rows
/// writes no folder.
/// <para>When the engine checkpoints (a server with a data directory), the sink is staged
/// (<see cref="IStagedSink"/>): a committed epoch's folders wait in <c>.staged-epoch=N/</c> and are
/// renamed into place when a checkpoint covering the epoch is durable, so output appears once per
/// checkpoint interval and exactly once across crashes.</para>
/// <para>Retractions: when the input can retract (<see cref="FileSinkOptions.WithDiff"/>), every
/// record carries a last field <c>diff</c> with the row's weight (+1 / -1), like
/// <c>SUBSCRIBE</c>; an append-only input writes the rows alone.</para>
/// </summary>
public sealed class FileSink : IStagedSink
{
    private const string TemporarySuffix = ".inprogress";
    private const string ReplacedSuffix = ".replaced";
    private const string StagedPrefix = ".staged-epoch=";

    private readonly FileSinkOptions options;
    private readonly Dictionary<(string Folder, int Partition), StreamWriter> writers = [];
    private readonly Dictionary<long, string> windowFolders = [];
    private RecordEncoder? encoder;
    private long? openEpoch;
    private bool staged;

    /// <summary>The constructor the server calls: checks the <c>WITH</c> options, format and format options (22023 errors).</summary>
    public FileSink(IReadOnlyDictionary<string, string> options, string? format, IReadOnlyDictionary<string, string>? formatOptions, bool withDiff)
        : this(FileSinkOptions.Parse(options, format, formatOptions) with { WithDiff = withDiff })
    {
    }

    public FileSink(FileSinkOptions options) => this.options = options;

    public FileSinkOptions Options => options;

    public string? Name { get; private set; }

    /// <summary>Creates the output folder and removes what an interrupted run left (hidden temporary and replaced folders).</summary>
    public void Open(string name, RowSchema schema)
    {
        Name = name;
        if (options.WindowColumn is int w && (w < 0 || w >= schema.Count || !schema[w].Type.IsTimestamp))
            throw new ArgumentException($"window column {w} is not a timestamp column of the sink's input", nameof(schema));
        encoder = RecordEncoder.Create(options.Format, schema, options.WithDiff);
        System.IO.Directory.CreateDirectory(options.Path);
        foreach (var folder in System.IO.Directory.EnumerateDirectories(options.Path))
        {
            var leaf = System.IO.Path.GetFileName(folder);
            if (leaf.StartsWith('.') && (leaf.EndsWith(TemporarySuffix, StringComparison.Ordinal) || leaf.EndsWith(ReplacedSuffix, StringComparison.Ordinal)))
                System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    public void Write(long epoch, Batch changes) => Write(epoch, 0, changes);

    /// <summary>Writes one partition's changes of <paramref name="epoch"/> to its part file.</summary>
    public void Write(long epoch, int partition, Batch changes)
    {
        var encoder = this.encoder ?? throw new InvalidOperationException("the sink was not opened");
        if (changes.RowCount == 0)
            return;
        if (openEpoch != epoch)
        {
            // Writes for another epoch mean the open one was abandoned (it will be re-run): drop it.
            Abandon();
            openEpoch = epoch;
        }
        if (options.WindowColumn is not int windowColumn)
        {
            encoder.WriteBatch(WriterFor(EpochFolder(epoch), partition), changes);
            return;
        }
        var starts = (Column<long>)changes.Columns[windowColumn];
        for (int i = 0; i < changes.RowCount; i++)
        {
            int row = changes.RowIndex(i);
            var folder = starts.IsNull(row) ? "window_start=null" : WindowFolder(starts.Values[row]);
            encoder.WriteChange(WriterFor(folder, partition), changes, row, changes.Weights[row]);
        }
    }

    /// <summary>Makes the epoch's folders durable and visible: flush and sync every part file, then rename each folder into place.</summary>
    public void Commit(long epoch)
    {
        if (openEpoch != epoch)
            return;
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var ((folder, _), writer) in writers)
        {
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
            writer.Dispose();
            folders.Add(folder);
        }
        writers.Clear();
        openEpoch = null;
        if (!staged)
        {
            foreach (var folder in folders)
                Publish(TemporaryPath(folder), folder);
            return;
        }
        var stage = System.IO.Path.Combine(options.Path, StagedPrefix + epoch.ToString(CultureInfo.InvariantCulture));
        System.IO.Directory.CreateDirectory(stage);
        foreach (var folder in folders)
        {
            var target = System.IO.Path.Combine(stage, folder);
            if (System.IO.Directory.Exists(target))
                System.IO.Directory.Delete(target, recursive: true);
            System.IO.Directory.Move(TemporaryPath(folder), target);
        }
    }

    /// <summary>From now on an epoch's folders are staged in a hidden <c>.staged-epoch=N</c> folder until a checkpoint covers the epoch.</summary>
    public void StageUntilCheckpoint() => staged = true;

    public void CheckpointCompleted(long coveredEpoch) => PublishStaged(coveredEpoch);

    /// <summary>Publishes the staged epochs up to <paramref name="coveredEpoch"/> and deletes the later ones (they are produced again).</summary>
    public void Recovered(long coveredEpoch)
    {
        PublishStaged(coveredEpoch);
        foreach (var (_, folder) in StagedEpochs())
            System.IO.Directory.Delete(folder, recursive: true);
    }

    /// <summary>Removes the staged epochs and the epoch being written: nothing will publish them now (see <see cref="IStagedSink.Dropped"/>).</summary>
    public void Dropped()
    {
        Abandon();
        foreach (var (_, folder) in StagedEpochs())
            System.IO.Directory.Delete(folder, recursive: true);
    }

    private void PublishStaged(long coveredEpoch)
    {
        foreach (var (epoch, stage) in StagedEpochs())
        {
            if (epoch > coveredEpoch)
                break;
            foreach (var folder in System.IO.Directory.EnumerateDirectories(stage).Order(StringComparer.Ordinal))
                Publish(folder, System.IO.Path.GetFileName(folder));
            System.IO.Directory.Delete(stage, recursive: true);
        }
    }

    private List<(long Epoch, string Folder)> StagedEpochs()
    {
        var found = new List<(long, string)>();
        if (!System.IO.Directory.Exists(options.Path))
            return found;
        foreach (var folder in System.IO.Directory.EnumerateDirectories(options.Path, StagedPrefix + "*"))
        {
            if (long.TryParse(System.IO.Path.GetFileName(folder).AsSpan(StagedPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
                found.Add((epoch, folder));
        }
        found.Sort();
        return found;
    }

    private string TemporaryPath(string folder) => System.IO.Path.Combine(options.Path, "." + folder + TemporarySuffix);

    public void Dispose() => Abandon();

    /// <summary>The folder name of an epoch: <c>epoch=N</c>.</summary>
    public static string EpochFolder(long epoch) => "epoch=" + epoch.ToString(CultureInfo.InvariantCulture);

    private string WindowFolder(long start)
    {
        if (!windowFolders.TryGetValue(start, out var folder))
        {
            var text = ValueFormatter.FormatTimestamp(start);
            if (text.Length >= 19 && text[10] == ' ')
                text = string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11));
            windowFolders[start] = folder = "window_start=" + text;
        }
        return folder;
    }

    private StreamWriter WriterFor(string folder, int partition)
    {
        if (writers.TryGetValue((folder, partition), out var writer))
            return writer;
        var temporary = System.IO.Path.Combine(options.Path, "." + folder + TemporarySuffix);
        if (!writers.Keys.Any(k => k.Folder == folder))
        {
            // A folder left by an abandoned attempt at this epoch starts over.
            if (System.IO.Directory.Exists(temporary))
                System.IO.Directory.Delete(temporary, recursive: true);
            System.IO.Directory.CreateDirectory(temporary);
        }
        var file = System.IO.Path.Combine(temporary, "part-" + partition.ToString("D5", CultureInfo.InvariantCulture));
        var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { NewLine = "\n" };
        encoder!.WriteHeader(writer);
        writers[(folder, partition)] = writer;
        return writer;
    }

    /// <summary>Moves a complete folder (<paramref name="temporary"/>) to its final name <paramref name="folder"/>.</summary>
    private void Publish(string temporary, string folder)
    {
        var final = System.IO.Path.Combine(options.Path, folder);
        if (!System.IO.Directory.Exists(final))
        {
            System.IO.Directory.Move(temporary, final);
            return;
        }
        // A re-run epoch: move the old folder aside first, so that the final name always holds one
        // complete copy or (for an instant) none, never a mix.
        var replaced = System.IO.Path.Combine(options.Path, "." + folder + ReplacedSuffix);
        if (System.IO.Directory.Exists(replaced))
            System.IO.Directory.Delete(replaced, recursive: true);
        System.IO.Directory.Move(final, replaced);
        System.IO.Directory.Move(temporary, final);
        System.IO.Directory.Delete(replaced, recursive: true);
    }

    /// <summary>Drops the uncommitted epoch: closes its part files and deletes its temporary folders.</summary>
    private void Abandon()
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ((folder, _), writer) in writers)
        {
            writer.Dispose();
            folders.Add(folder);
        }
        writers.Clear();
        openEpoch = null;
        foreach (var folder in folders)
        {
            var temporary = System.IO.Path.Combine(options.Path, "." + folder + TemporarySuffix);
            if (System.IO.Directory.Exists(temporary))
                System.IO.Directory.Delete(temporary, recursive: true);
        }
    }
}
