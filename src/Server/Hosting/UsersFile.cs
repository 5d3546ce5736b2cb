namespace StreamSql.Server.Hosting;

/// <summary>
/// Reads a users file: one <c>name:password</c> per line; blank lines and lines starting with '#'
/// are skipped; the password is everything after the first colon.
/// </summary>
public static class UsersFile
{
    public static IReadOnlyDictionary<string, string> Parse(string text, string fileName)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                continue;
            var colon = line.IndexOf(':');
            if (colon <= 0 || colon == line.Length - 1)
                throw new ServerOptionsException($"{fileName}:{lineNumber}: expected 'name:password'");
            var name = line[..colon].Trim();
            if (!users.TryAdd(name, line[(colon + 1)..]))
                throw new ServerOptionsException($"{fileName}:{lineNumber}: user '{name}' is listed twice");
        }
        return users;
    }
}
