namespace StreamSql.Server.Testing;

/// <summary>A sqllogictest file that does not follow the format, with the place it goes wrong.</summary>
public sealed class SltFormatException(string file, int line, string message) : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
}
