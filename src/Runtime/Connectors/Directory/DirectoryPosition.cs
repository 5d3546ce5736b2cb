using System.Collections.Immutable;
using System.Globalization;

namespace StreamSql.Runtime.Connectors.Directory;

/// <summary>
/// A directory source's position: the file being read (its modification time in UTC ticks and its
/// name), the byte offset after the last record taken from it, and the names of the other files
/// taken that were still in the folder, written <c>ticks/offset/name</c> then <c>/taken</c> for each
/// (a file name holds no <c>/</c>). Resuming from it continues that file at the offset and skips the
/// taken files and every file that sorts before that file. Files are known by name: a file taken
/// and then touched or appended to keeps its name, and is not taken again.
/// </summary>
public readonly record struct DirectoryPosition(long ModifiedTicks, long Offset, string Name)
{
    /// <summary>The other files taken and still in the folder (ordinal order).</summary>
    public ImmutableArray<string> Taken { get; init; } = [];

    public SourcePosition ToSourcePosition() =>
        new(string.Create(CultureInfo.InvariantCulture, $"{ModifiedTicks}/{Offset}/{Name}") + string.Concat(Taken.Select(t => "/" + t)));

    /// <summary>The position after <paramref name="mark"/> bytes of <paramref name="file"/>, with the files taken before it.</summary>
    public static SourcePosition Of(DirectoryFile file, long mark) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{file.ModifiedTicks}/{mark}/{file.Name}")
            + (file.TakenBefore.Length == 0 ? "" : "/" + file.TakenBefore[..^1]));

    /// <summary>Reads a logged position; a malformed one is a 22023 error.</summary>
    public static DirectoryPosition Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length < 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || parts.Skip(2).Any(p => p.Length == 0))
            throw Formats.ConnectorOptions.Invalid($"invalid directory source position '{text}': expected 'modified-ticks/byte-offset/file-name' and '/file-name' for each other file taken");
        return new DirectoryPosition(ticks, offset, parts[2]) { Taken = [.. parts.Skip(3)] };
    }
}
