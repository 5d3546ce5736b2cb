using System.Diagnostics;
using System.Text.RegularExpressions;

namespace StreamSql.Server.Testing;

/// <summary>
/// Runs sqllogictest files, each against a fresh target, record by record; includes run in
/// place; a record that fails is reported with its file and line and the run goes on.
/// </summary>
public sealed class SltRunner(Func<CancellationToken, Task<ISltTarget>> openTarget, SltSkipList skipList)
{
    public async Task<SltFileResult> RunFileAsync(string path, CancellationToken cancellationToken)
    {
        var results = new List<SltRecordResult>();
        await using var target = await openTarget(cancellationToken);
        try
        {
            var records = SltFileParser.Parse(path, await File.ReadAllTextAsync(path, cancellationToken));
            await RunRecordsAsync(target, records, results, depth: 0, cancellationToken);
            return new SltFileResult(path, results, null);
        }
        catch (SltFormatException e)
        {
            return new SltFileResult(path, results, e.Message);
        }
        catch (IOException e)
        {
            return new SltFileResult(path, results, $"{path}: {e.Message}");
        }
    }

    private async Task<bool> RunRecordsAsync(ISltTarget target, IReadOnlyList<SltRecord> records, List<SltRecordResult> results, int depth, CancellationToken ct)
    {
        foreach (var record in records)
        {
            ct.ThrowIfCancellationRequested();
            if (!record.AppliesTo(target.EngineName))
                continue;
            switch (record)
            {
                case SltHalt:
                    return false;
                case SltInclude include:
                    if (depth > 16)
                        throw new SltFormatException(include.File, include.Line, "includes nest more than 16 deep");
                    foreach (var file in ExpandInclude(include))
                    {
                        var included = SltFileParser.Parse(file, await File.ReadAllTextAsync(file, ct));
                        if (!await RunRecordsAsync(target, included, results, depth + 1, ct))
                            return false;
                    }

                    continue;
                case SltSleep sleep:
                    await Task.Delay(sleep.Duration, ct);
                    continue;
            }

            var reason = skipList.ReasonFor(record)
                ?? (record is SltDirective d && !target.SupportsDirectives ? $"'{d.Verb}' needs the in-process engine; skipped against a server" : null);
            if (reason is not null)
            {
                results.Add(new SltRecordResult(record, SltVerdict.Skipped, reason, TimeSpan.Zero));
                continue;
            }

            var watch = Stopwatch.StartNew();
            string? failure = null;
            for (var attempt = 0; attempt <= record.Retries; attempt++)
            {
                if (attempt > 0)
                    await Task.Delay(record.Backoff, ct);
                failure = await RunRecordAsync(target, record, ct);
                if (failure is null)
                    break;
            }

            results.Add(new SltRecordResult(record, failure is null ? SltVerdict.Passed : SltVerdict.Failed, failure, watch.Elapsed));
        }

        return true;
    }

    private static IEnumerable<string> ExpandInclude(SltInclude include)
    {
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(include.File))!;
        var pattern = Path.Combine(baseDir, include.Pattern);
        var dir = Path.GetDirectoryName(pattern)!;
        var name = Path.GetFileName(pattern);
        if (!name.Contains('*') && !name.Contains('?'))
        {
            return File.Exists(pattern)
                ? [pattern]
                : throw new SltFormatException(include.File, include.Line, $"included file '{include.Pattern}' does not exist");
        }

        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, name).Order(StringComparer.Ordinal).ToArray() : [];
        return files.Length > 0 ? files : throw new SltFormatException(include.File, include.Line, $"no file matches '{include.Pattern}'");
    }

    /// <summary>Runs one record; null when it passed, else what went wrong, starting with file:line.</summary>
    private static async Task<string?> RunRecordAsync(ISltTarget target, SltRecord record, CancellationToken ct)
    {
        var at = $"{record.File}:{record.Line}";
        switch (record)
        {
            case SltStatement s:
            {
                var outcome = await target.ExecuteAsync(s.Sql, ct);
                return s.Expect switch
                {
                    SltExpectation.Ok when outcome.Error is not null =>
                        $"{at}: statement failed: {Describe(outcome)}\n{Indent(s.Sql)}",
                    SltExpectation.Count when outcome.Error is not null =>
                        $"{at}: statement failed: {Describe(outcome)}\n{Indent(s.Sql)}",
                    SltExpectation.Count when outcome.RowCount != s.Count =>
                        $"{at}: statement affected {outcome.RowCount?.ToString() ?? "no"} rows, expected {s.Count}\n{Indent(s.Sql)}",
                    SltExpectation.Error => CheckError(at, s.Sql, outcome, s.ErrorPattern),
                    _ => null,
                };
            }

            case SltQuery q:
            {
                var outcome = await target.ExecuteAsync(q.Sql, ct);
                if (q.ExpectError)
                    return CheckError(at, q.Sql, outcome, q.ErrorPattern);
                if (outcome.Error is not null)
                    return $"{at}: query failed: {Describe(outcome)}\n{Indent(q.Sql)}";
                if (outcome.Rows is null)
                    return $"{at}: query returned no rows description (a statement without results)\n{Indent(q.Sql)}";
                var actualLines = outcome.Rows.Select(r => string.Join(' ', r.Select(SltResultComparer.FormatValue)));
                var actual = SltResultComparer.Normalize(actualLines, q.Sort);
                var expected = SltResultComparer.Normalize(q.ExpectedLines, q.Sort);
                // As sqllogictest-rs: the type string is not checked against the column count.
                if (actual.SequenceEqual(expected, StringComparer.Ordinal))
                    return null;

                return $"{at}: query result differs\n{Indent(q.Sql)}\n{SltResultComparer.SideBySide(expected, actual)}";
            }

            case SltDirective d:
            {
                var run = target.ExecuteDirectiveAsync(d, ct);
                if (run is null)
                    return $"{at}: '{d.Verb}' needs the in-process engine; it is not supported against a server";
                var outcome = await run;
                if (outcome.Error is not null)
                    return $"{at}: {d.Verb} failed: {Describe(outcome)}";
                if (d.ExpectedLines is null)
                    return null;
                var actual = SltResultComparer.Normalize((outcome.Rows ?? []).Select(r => string.Join(' ', r)), SltSortMode.NoSort);
                var expected = SltResultComparer.Normalize(d.ExpectedLines, SltSortMode.NoSort);
                return actual.SequenceEqual(expected, StringComparer.Ordinal)
                    ? null
                    : $"{at}: {d.Verb} differs\n{SltResultComparer.SideBySide(expected, actual)}";
            }

            default:
                return $"{at}: unexpected record {record.GetType().Name}";
        }
    }

    private static string? CheckError(string at, string sql, SltOutcome outcome, string? pattern)
    {
        if (outcome.Error is null)
            return $"{at}: expected an error, but the statement succeeded\n{Indent(sql)}";
        if (string.IsNullOrWhiteSpace(pattern))
            return null;
        bool matches;
        try
        {
            matches = Regex.IsMatch(outcome.Error, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            matches = false;
        }

        return matches || outcome.Error.Contains(pattern, StringComparison.Ordinal)
            ? null
            : $"{at}: the error does not match '{pattern}': {Describe(outcome)}\n{Indent(sql)}";
    }

    private static string Describe(SltOutcome outcome) =>
        outcome.SqlState is null ? outcome.Error ?? "" : $"{outcome.Error} (SQLSTATE {outcome.SqlState})";

    private static string Indent(string sql) => "    " + sql.Replace("\n", "\n    ");
}
