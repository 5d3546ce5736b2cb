namespace StreamSql.Server.Testing;

/// <summary>
/// Records that a run leaves out on purpose, each with its reason, so the count of skipped
/// cases is visible and shrinks. One entry a line: <c>path[:line] reason</c>; <c>#</c> starts a
/// comment. A path matches a file whose path ends with it; without a line, the whole file.
/// </summary>
public sealed class SltSkipList
{
    private readonly List<(string Path, int? Line, string Reason)> _entries = [];

    public static SltSkipList Empty { get; } = new();

    public static SltSkipList Load(string path)
    {
        var list = new SltSkipList();
        var n = 0;
        foreach (var raw in File.ReadAllLines(path))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var space = line.IndexOfAny([' ', '\t']);
            if (space < 0)
                throw new SltFormatException(path, n, "a skip entry needs a reason after the path");
            var target = line[..space];
            var reason = line[space..].Trim();
            int? at = null;
            var colon = target.LastIndexOf(':');
            if (colon > 0 && int.TryParse(target[(colon + 1)..], out var l))
            {
                at = l;
                target = target[..colon];
            }

            list._entries.Add((target.Replace('\\', '/'), at, reason));
        }

        return list;
    }

    /// <summary>The reason to skip the record, or null to run it.</summary>
    public string? ReasonFor(SltRecord record)
    {
        var file = record.File.Replace('\\', '/');
        foreach (var (path, line, reason) in _entries)
        {
            if (file.EndsWith(path, StringComparison.Ordinal) && (line is null || line == record.Line))
                return reason;
        }

        return null;
    }
}
