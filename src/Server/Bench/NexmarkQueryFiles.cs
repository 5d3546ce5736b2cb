using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamSql.Server.Bench;

/// <summary>
/// The benchmark's query files, <c>tests/Bench/nexmark/qN.sql</c> in the repository, each with
/// the sources it reads and one materialized view <c>nexmark_qN</c>. The bench sets the number of
/// events by rewriting every source's <c>events</c> option, so all sources of a file read the
/// same stream.
/// </summary>
public static partial class NexmarkQueryFiles
{
    /// <summary>The folder holding the query files, found by walking up from <paramref name="start"/> to <c>StreamSql.sln</c>.</summary>
    public static string? FindFolder(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamSql.sln")))
            {
                var folder = Path.Combine(dir.FullName, "tests", "Bench", "nexmark");
                return Directory.Exists(folder) ? folder : null;
            }
        }
        return null;
    }

    /// <summary>The folder from the working directory, else from where the program lives.</summary>
    public static string? FindFolder() => FindFolder(Environment.CurrentDirectory) ?? FindFolder(AppContext.BaseDirectory);

    /// <summary>The name of the view a query file creates.</summary>
    public static string ViewName(string query) => "nexmark_" + query;

    /// <summary>The script with every <c>events</c> option set to <paramref name="events"/> (and <c>rate</c>, when given).</summary>
    public static string WithEvents(string script, long events, long? rate = null)
    {
        string result = EventsOption().Replace(script, $"events = '{events.ToString(CultureInfo.InvariantCulture)}'");
        if (rate is { } r)
            result = RateOption().Replace(result, $"rate = '{r.ToString(CultureInfo.InvariantCulture)}'");
        return result;
    }

    /// <summary>The value of the first <c>rate</c> / <c>seed</c> option in the script, or null.</summary>
    public static string? OptionValue(string script, string option)
    {
        var match = Regex.Match(script, $@"\b{Regex.Escape(option)}\s*=\s*'([^']*)'", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"\bevents\s*=\s*'[^']*'", RegexOptions.IgnoreCase)]
    private static partial Regex EventsOption();

    [GeneratedRegex(@"\brate\s*=\s*'[^']*'", RegexOptions.IgnoreCase)]
    private static partial Regex RateOption();
}
