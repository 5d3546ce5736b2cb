namespace StreamSql.Runtime.Tests.Connectors;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "streamsql-test-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file under a hidden name, sets its modification time, then renames it in, as producers should.</summary>
    public void MoveIn(string name, string content, DateTime modifiedUtc)
    {
        var hidden = File("." + name + ".tmp");
        System.IO.File.WriteAllText(hidden, content);
        System.IO.File.SetLastWriteTimeUtc(hidden, modifiedUtc);
        System.IO.File.Move(hidden, File(name));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
