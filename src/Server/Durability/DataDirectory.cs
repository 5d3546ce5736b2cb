namespace StreamSql.Server.Durability;

/// <summary>
/// The data directory of one server, held exclusively for the life of the process through an
/// OS lock on <c>LOCK</c> (released by the kernel when the process dies, even by kill -9, so a
/// crashed server never leaves a stale lock behind).
/// <code>
/// LOCK           held while a server runs
/// catalog.log    every successful DDL statement, in order
/// tables/        table DML write-ahead log, one segment per checkpoint interval
/// state/         checkpoints of the runtime state (the newest two)
/// </code>
/// </summary>
public sealed class DataDirectory : IDisposable
{
    private readonly FileStream _lock;

    private DataDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    public string Path { get; }

    public string CatalogLogPath => System.IO.Path.Combine(Path, "catalog.log");

    public string TablesPath => System.IO.Path.Combine(Path, "tables");

    public string StatePath => System.IO.Path.Combine(Path, "state");

    /// <summary>Creates the directory when missing and locks it; a second server on it gets a <see cref="DurabilityException"/>.</summary>
    public static DataDirectory Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
            Directory.CreateDirectory(System.IO.Path.Combine(full, "tables"));
            Directory.CreateDirectory(System.IO.Path.Combine(full, "state"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DurabilityException($"cannot create data directory \"{full}\": {e.Message}", e);
        }

        FileStream lockFile;
        try
        {
            // FileShare.None takes an exclusive advisory lock on Unix and a share lock on Windows.
            lockFile = new FileStream(System.IO.Path.Combine(full, "LOCK"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new DurabilityException(
                $"data directory \"{full}\" is in use by another StreamSql server; stop that server or start this one with another --data-dir", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DurabilityException($"cannot lock data directory \"{full}\": {e.Message}", e);
        }

        try
        {
            lockFile.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            lockFile.Write(pid);
            lockFile.Flush();
        }
        catch (IOException)
        {
            // The pid is informative only; the lock is what matters.
        }

        return new DataDirectory(full, lockFile);
    }

    public void Dispose() => _lock.Dispose();
}
