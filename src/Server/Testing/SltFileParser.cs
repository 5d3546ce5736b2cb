using System.Globalization;

namespace StreamSql.Server.Testing;

/// <summary>
/// Reads sqllogictest files as sqllogictest-rs does: records separated by blank lines, <c>#</c>
/// comment lines between records, conditions (<c>skipif</c>/<c>onlyif</c>) before a record,
/// <c>retry N backoff D</c> at the end of a header. Unknown headers are errors with their line.
/// </summary>
public static class SltFileParser
{
    private static readonly HashSet<string> DirectiveVerbs = ["ingest", "advance", "subscribe", "changes"];

    public static IReadOnlyList<SltRecord> Parse(string file, string text)
    {
        if (file.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            return ParseScript(file, text);

        var lines = text.Replace("\r\n", "\n").Split('\n');
        var records = new List<SltRecord>();
        var skipIf = new List<string>();
        var onlyIf = new List<string>();
        var i = 0;
        while (i < lines.Length)
        {
            var raw = lines[i];
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                i++;
                continue;
            }

            var headerLine = i + 1;
            var words = SplitHeader(line, out var retries, out var backoff);
            i++;
            SltRecord? record;
            switch (words[0].ToLowerInvariant())
            {
                case "skipif":
                    skipIf.Add(Word(words, 1, file, headerLine));
                    continue;
                case "onlyif":
                    onlyIf.Add(Word(words, 1, file, headerLine));
                    continue;
                case "statement":
                    record = ParseStatement(file, headerLine, words, lines, ref i);
                    break;
                case "query":
                    record = ParseQuery(file, headerLine, words, lines, ref i);
                    break;
                case "include":
                    record = new SltInclude(file, headerLine, line["include".Length..].Trim());
                    break;
                case "sleep":
                    record = new SltSleep(file, headerLine, ParseDuration(Word(words, 1, file, headerLine), file, headerLine));
                    break;
                case "halt":
                    record = new SltHalt(file, headerLine);
                    break;
                case "hash-threshold" or "control" or "subtest" or "connection" or "system":
                    if (words[0] is "system" or "connection")
                        throw new SltFormatException(file, headerLine, $"'{words[0]}' records are not supported");
                    SkipBody(lines, ref i);
                    continue;
                default:
                    if (DirectiveVerbs.Contains(words[0].ToLowerInvariant()))
                    {
                        record = ParseDirective(file, headerLine, words, lines, ref i);
                        break;
                    }

                    throw new SltFormatException(file, headerLine,
                        $"unknown record '{words[0]}': expected statement, query, include, skipif, onlyif, sleep, halt, ingest, advance, subscribe or changes");
            }

            records.Add(record with { SkipIf = skipIf.ToArray(), OnlyIf = onlyIf.ToArray(), Retries = retries, Backoff = backoff });
            skipIf.Clear();
            onlyIf.Clear();
        }

        return records;
    }

    /// <summary>
    /// A plain SQL script (a pipeline's <c>.sql</c> file, run directly or by <c>include</c>): each
    /// statement is a <c>statement ok</c> record at its line, so a test can include the very file it tests.
    /// </summary>
    private static IReadOnlyList<SltRecord> ParseScript(string file, string text)
    {
        var parsed = Parser.SqlParser.Parse(text, file);
        if (parsed.Diagnostics.FirstOrDefault(d => d.IsError) is { } error)
        {
            var at = parsed.Source.GetLinePosition(error.Span.Start);
            throw new SltFormatException(file, at.Line, $"{at.Column}: {error.Code}: {error.Message}");
        }

        return parsed.Statements.Select(s =>
        {
            var line = parsed.Source.GetLinePosition(s.Span.Start).Line;
            return (SltRecord)new SltStatement(file, line, parsed.Source[s.Span], line, SltExpectation.Ok, null, null);
        }).ToList();
    }

    private static SltRecord ParseStatement(string file, int headerLine, string[] words, string[] lines, ref int i)
    {
        var kind = Word(words, 1, file, headerLine).ToLowerInvariant();
        var sqlLine = i + 1;
        var sql = ReadBlock(lines, ref i, stopAtDashes: true, out var sawDashes);
        string? pattern = null;
        if (sawDashes)
        {
            // "statement error" followed by "----" and the expected message on the next lines.
            pattern = string.Join("\n", ReadBlock(lines, ref i, stopAtDashes: false, out _)).Trim();
        }

        if (sql.Count == 0)
            throw new SltFormatException(file, headerLine, "statement has no SQL after its header");
        var text = string.Join("\n", sql);
        return kind switch
        {
            "ok" => new SltStatement(file, headerLine, text, sqlLine, SltExpectation.Ok, null, null),
            "error" => new SltStatement(file, headerLine, text, sqlLine, SltExpectation.Error,
                pattern ?? RestOf(words, 2), null),
            "count" => new SltStatement(file, headerLine, text, sqlLine, SltExpectation.Count, null,
                long.TryParse(Word(words, 2, file, headerLine), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? n : throw new SltFormatException(file, headerLine, "statement count needs a number")),
            _ => throw new SltFormatException(file, headerLine, $"unknown statement kind '{kind}': expected ok, error or count"),
        };
    }

    private static SltRecord ParseQuery(string file, int headerLine, string[] words, string[] lines, ref int i)
    {
        var types = Word(words, 1, file, headerLine);
        var sqlLine = i + 1;
        var sql = ReadBlock(lines, ref i, stopAtDashes: true, out var sawDashes);
        if (sql.Count == 0)
            throw new SltFormatException(file, headerLine, "query has no SQL after its header");
        var expected = sawDashes ? ReadBlock(lines, ref i, stopAtDashes: false, out _) : [];
        var text = string.Join("\n", sql);
        if (types.Equals("error", StringComparison.OrdinalIgnoreCase))
        {
            var pattern = sawDashes ? string.Join("\n", expected).Trim() : RestOf(words, 2);
            return new SltQuery(file, headerLine, text, sqlLine, "", SltSortMode.NoSort, [], true, pattern);
        }

        var sort = SltSortMode.NoSort;
        if (words.Length > 2)
        {
            sort = words[2].ToLowerInvariant() switch
            {
                "rowsort" => SltSortMode.RowSort,
                "valuesort" => SltSortMode.ValueSort,
                "nosort" => SltSortMode.NoSort,
                _ => SltSortMode.NoSort, // a label
            };
        }

        return new SltQuery(file, headerLine, text, sqlLine, types, sort, expected, false, null);
    }

    private static SltRecord ParseDirective(string file, int headerLine, string[] words, string[] lines, ref int i)
    {
        var body = ReadBlock(lines, ref i, stopAtDashes: true, out var sawDashes);
        var expected = sawDashes ? ReadBlock(lines, ref i, stopAtDashes: false, out _) : null;
        return new SltDirective(file, headerLine, words[0].ToLowerInvariant(), words, body, expected);
    }

    /// <summary>Reads lines up to a blank line (or, when asked, a <c>----</c> line, which is consumed).</summary>
    private static List<string> ReadBlock(string[] lines, ref int i, bool stopAtDashes, out bool sawDashes)
    {
        var block = new List<string>();
        sawDashes = false;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (line.Trim().Length == 0)
                break;
            i++;
            if (stopAtDashes && line.TrimEnd() == "----")
            {
                sawDashes = true;
                break;
            }

            block.Add(line.TrimEnd());
        }

        return block;
    }

    private static void SkipBody(string[] lines, ref int i) => ReadBlock(lines, ref i, stopAtDashes: false, out _);

    private static string[] SplitHeader(string line, out int retries, out TimeSpan backoff)
    {
        retries = 0;
        backoff = TimeSpan.Zero;
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        var r = words.FindIndex(w => w.Equals("retry", StringComparison.OrdinalIgnoreCase));
        if (r > 0 && r + 1 < words.Count && int.TryParse(words[r + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            retries = n;
            var take = 2;
            if (r + 3 < words.Count + 1 && r + 2 < words.Count && words[r + 2].Equals("backoff", StringComparison.OrdinalIgnoreCase) && r + 3 < words.Count)
            {
                backoff = ParseDurationOrZero(words[r + 3]);
                take = 4;
            }

            words.RemoveRange(r, take);
        }

        return words.ToArray();
    }

    private static string Word(string[] words, int index, string file, int line) =>
        index < words.Length ? words[index] : throw new SltFormatException(file, line, $"'{words[0]}' needs more words");

    private static string? RestOf(string[] words, int from) =>
        words.Length > from ? string.Join(' ', words[from..]) : null;

    public static TimeSpan ParseDuration(string text, string file, int line)
    {
        var d = ParseDurationOrZero(text);
        return d == TimeSpan.Zero && text != "0" && text != "0s"
            ? throw new SltFormatException(file, line, $"bad duration '{text}': expected e.g. 500ms, 1s, 2m")
            : d;
    }

    private static TimeSpan ParseDurationOrZero(string text)
    {
        var unitStart = 0;
        while (unitStart < text.Length && (char.IsDigit(text[unitStart]) || text[unitStart] == '.'))
            unitStart++;
        if (unitStart == 0 || !double.TryParse(text[..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            return TimeSpan.Zero;
        return text[unitStart..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(v),
            "s" or "" => TimeSpan.FromSeconds(v),
            "m" or "min" => TimeSpan.FromMinutes(v),
            "h" => TimeSpan.FromHours(v),
            _ => TimeSpan.Zero,
        };
    }
}
