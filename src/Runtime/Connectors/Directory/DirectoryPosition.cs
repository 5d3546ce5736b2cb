using System.Globalization;

namespace StreamSql.Runtime.Connectors.Directory;

/// <summary>
/// A directory source's position: the file being read (its modification time in UTC ticks and its
/// name) and the byte offset after the last record taken from it, written
/// <c>ticks/offset/name</c> (a file name holds no <c>/</c>, so it goes last). Resuming from it
/// skips every file that sorts before that file, and continues that file at the offset.
/// </summary>
public readonly record struct DirectoryPosition(long ModifiedTicks, long Offset, string Name)
{
    public SourcePosition ToSourcePosition() =>
        new(string.Create(CultureInfo.InvariantCulture, $"{ModifiedTicks}/{Offset}/{Name}"));

    /// <summary>Reads a logged position; a malformed one is a 22023 error.</summary>
    public static DirectoryPosition Parse(string text)
    {
        int first = text.IndexOf('/');
        int second = first < 0 ? -1 : text.IndexOf('/', first + 1);
        if (second < 0
            || !long.TryParse(text.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(text.AsSpan(first + 1, second - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || second + 1 == text.Length)
            throw Formats.ConnectorOptions.Invalid($"invalid directory source position '{text}': expected 'modified-ticks/byte-offset/file-name'");
        return new DirectoryPosition(ticks, offset, text[(second + 1)..]);
    }
}
