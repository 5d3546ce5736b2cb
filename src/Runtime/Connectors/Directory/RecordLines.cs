namespace StreamSql.Runtime.Connectors.Directory;

/// <summary>
/// Where a directory source's bad record is, as a person reads it: <c>name:line</c>, the line the
/// record starts on. Lines are counted in the file when a record is reported (bad records are rare),
/// going on from the last count while reports move forward in one file, so a file with many bad
/// records is read once. A file that can no longer be read is placed by byte (<c>name, byte n</c>);
/// an error about the whole file (it cannot be opened) by its name alone.
/// </summary>
internal sealed class RecordLines(string folder)
{
    private string? countedFile;
    private long countedTicks;
    private long countedTo;
    private long linesBefore;

    public SourcePosition Place(DirectoryFile file, long offset)
    {
        if (countedFile != file.Name || countedTicks != file.ModifiedTicks || offset < countedTo)
        {
            countedFile = file.Name;
            countedTicks = file.ModifiedTicks;
            countedTo = 0;
            linesBefore = 0;
        }

        try
        {
            if (offset > countedTo)
            {
                using var stream = new FileStream(Path.Combine(folder, file.Name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Position = countedTo;
                Span<byte> buffer = stackalloc byte[8192];
                long left = offset - countedTo;
                while (left > 0)
                {
                    int read = stream.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
                    if (read == 0)
                        break;
                    linesBefore += buffer[..read].Count((byte)'\n');
                    left -= read;
                    countedTo += read;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            countedFile = null;
            return new SourcePosition(offset == 0 ? file.Name : $"{file.Name}, byte {offset}");
        }

        return new SourcePosition(countedTo < offset ? $"{file.Name}, byte {offset}" : $"{file.Name}:{linesBefore + 1}");
    }
}
