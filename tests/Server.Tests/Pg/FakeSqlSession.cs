using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Tests.Pg;

/// <summary>
/// A session serving fixed results, so that the protocol is tested on its own. Statements it knows:
/// <list type="bullet">
/// <item><c>SELECT version()</c> and Npgsql's three type-loading queries (answered with the dialect's pg_type rows)</item>
/// <item><c>SELECT 1</c>; <c>TYPES</c>: one row with a value of every type and one row of NULLs</item>
/// <item><c>GENERATE n</c>: n rows of (i bigint, label text)</item>
/// <item><c>STREAM</c>: an endless subscription-like stream of (epoch bigint, diff int, n bigint), one row per 20 ms</item>
/// <item><c>STREAM IDLE</c>: one row, then nothing for an hour (a quiet subscription)</item>
/// <item><c>COPY STREAM</c>: the same as COPY OUT; <c>COPY SMALL</c>: three rows with NULLs and characters to escape</item>
/// <item><c>STREAM FAIL</c> / <c>STREAM CUT</c>: two rows, then the reader fails with 22012 / 53400</item>
/// <item><c>STREAM RUNTIME</c>, <c>STREAM BUG</c>, <c>WRONG TYPE</c>, <c>SESSION BUG</c>: failures below the protocol (a SqlStateException, a bug, a value of the wrong type, a throwing session)</item>
/// <item><c>NOTICE</c>: a command with a warning; <c>BEGIN</c>, <c>COMMIT</c>, <c>ROLLBACK</c>; <c>SET name = value</c></item>
/// <item><c>SELECT * FROM missing</c>: 42P01 with position, detail and hint; anything else: 42601 at position 1</item>
/// <item>prepared <c>SELECT $1, $2, ...</c>: echoes its parameters back with their types</item>
/// </list>
/// </summary>
public sealed partial class FakeSqlSession(SessionOptions options) : ISqlSession
{
    public static readonly DateTime TimestampValue = new(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal)
    {
        ["server_version"] = "15.0",
        ["TimeZone"] = "UTC",
    };

    public SessionOptions Options { get; } = options;

    public IReadOnlyDictionary<string, string> ReportedParameters => _parameters;

    public ConcurrentQueue<string> Executed { get; } = new();

    public List<FakeRowReader> Readers { get; } = [];

    public bool Disposed { get; private set; }

    public static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static readonly (string Name, DataType Type, object Value)[] TypedValues =
    [
        ("b", DataType.Boolean, true),
        ("i2", DataType.Int16, (short)-12),
        ("i4", DataType.Int32, 123456),
        ("i8", DataType.Int64, 9_000_000_000L),
        ("f4", DataType.Float32, 1.5f),
        ("f8", DataType.Float64, -2.25e-5),
        ("num", DataType.NumericOf(12, 4), 12345.6789m),
        ("t", DataType.Text, "hé\tllo"),
        ("ts", DataType.Timestamp, Micros(TimestampValue)),
        ("tstz", DataType.TimestampTz, Micros(TimestampValue)),
        ("d", DataType.Date, 19_724),
        ("iv", DataType.Interval, new Interval(14, 3, 4 * Interval.MicrosPerHour + 5 * Interval.MicrosPerSecond)),
        ("j", DataType.Jsonb, "{\"a\": [1, 2]}"),
        ("ia", DataType.ArrayOf(DataType.Int32), new object?[] { 1, null, 3 }),
        ("ta", DataType.ArrayOf(DataType.Text), new object?[] { "x y", "NULL", "" }),
    ];

    public async IAsyncEnumerable<StatementResult> ExecuteAsync(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offset = 0;
        foreach (var part in sql.Split(';'))
        {
            var statement = part.Trim();
            var start = offset + (part.Length - part.TrimStart().Length);
            offset += part.Length + 1;
            if (statement.Length == 0)
                continue;
            Executed.Enqueue(statement);
            var result = Run(statement, start, []);
            yield return result;
            if (result.Kind == ResultKind.Error)
                yield break;
            await Task.Yield();
        }
    }

    public ValueTask<PreparedStatementInfo> PrepareAsync(string sql, IReadOnlyList<DataType?> parameterTypes, CancellationToken cancellationToken)
    {
        var count = ParameterNumber().Matches(sql).Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();
        var types = new DataType[Math.Max(count, parameterTypes.Count)];
        for (var i = 0; i < types.Length; i++)
            types[i] = i < parameterTypes.Count && parameterTypes[i] is { } given ? given : DataType.Text;
        if (Echo().IsMatch(sql))
        {
            var columns = types.Select((t, i) => new ResultColumn($"p{i + 1}", t)).ToList();
            return ValueTask.FromResult(new PreparedStatementInfo(sql, types, columns));
        }
        var probe = Run(sql.Trim().TrimEnd(';'), 0, []);
        if (probe.Kind == ResultKind.Error)
            return ValueTask.FromResult(new PreparedStatementInfo(sql, types, null, probe.Error));
        probe.Reader?.DisposeAsync();
        return ValueTask.FromResult(new PreparedStatementInfo(sql, types, probe.Kind == ResultKind.Command ? null : probe.Columns));
    }

    public ValueTask<StatementResult> ExecutePreparedAsync(PreparedStatementInfo statement, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        Executed.Enqueue(statement.Sql);
        if (Echo().IsMatch(statement.Sql))
        {
            var values = parameters.ToArray();
            return ValueTask.FromResult(Rows("SELECT", statement.Columns!, _ => values, 1));
        }
        return ValueTask.FromResult(Run(statement.Sql.Trim().TrimEnd(';'), 0, parameters));
    }

    private StatementResult Run(string statement, int start, IReadOnlyList<object?> parameters)
    {
        var upper = statement.ToUpperInvariant();
        if (upper.StartsWith("SELECT VERSION()", StringComparison.Ordinal))
            return Rows("SELECT", [new("version", DataType.Text)], _ => ["PostgreSQL 15.0 (StreamSql)"], 1);
        if (upper.Contains("FROM PG_TYPE", StringComparison.Ordinal) && upper.Contains("ELEMTYPOID", StringComparison.Ordinal))
        {
            // Npgsql's type loading: base types first, arrays after (as the ORDER BY asks).
            var types = PgTypes.All.Where(t => t.Oid != PgTypes.UnknownOid)
                .OrderBy(t => t.ElementOid == 0 ? 0 : 1).ThenBy(t => t.Oid).ToList();
            return Rows("SELECT",
                [new("nspname", DataType.Text), new("oid", DataType.Text), new("typname", DataType.Text), new("typtype", DataType.Text), new("typnotnull", DataType.Boolean), new("elemtypoid", DataType.Text)],
                i => ["pg_catalog", types[(int)i].Oid.ToString(), types[(int)i].Name, types[(int)i].ElementOid == 0 ? "b" : "a", false, types[(int)i].ElementOid == 0 ? null : types[(int)i].ElementOid.ToString()],
                types.Count);
        }
        if (upper.Contains("PG_ATTRIBUTE", StringComparison.Ordinal))
            return Rows("SELECT", [new("oid", DataType.Text), new("attname", DataType.Text), new("atttypid", DataType.Text)], _ => [], 0);
        if (upper.Contains("PG_ENUM", StringComparison.Ordinal))
            return Rows("SELECT", [new("oid", DataType.Text), new("enumlabel", DataType.Text)], _ => [], 0);
        if (upper == "SELECT 1")
            return Rows("SELECT", [new("?column?", DataType.Int32)], _ => [1], 1);
        if (upper == "TYPES")
        {
            var columns = TypedValues.Select(v => new ResultColumn(v.Name, v.Type)).ToList();
            return Rows("SELECT", columns, i => i == 0 ? TypedValues.Select(v => v.Value).ToArray() : new object?[TypedValues.Length], 2);
        }
        if (upper.StartsWith("GENERATE ", StringComparison.Ordinal))
        {
            if (!long.TryParse(statement[9..].Trim(), out var n))
                return StatementResult.Failed(new EngineError("22P02", "GENERATE needs a row count", Position: start + 10));
            return Rows("SELECT", [new("i", DataType.Int64), new("label", DataType.Text)], i => [i, "row " + i], n);
        }
        if (upper == "STREAM")
            return Rows("SELECT", StreamColumns, i => [i / 2, 1, i], -1, TimeSpan.FromMilliseconds(20));
        if (upper == "STREAM IDLE")
            return Rows("SELECT", StreamColumns, i => [i, 1, i], -1, TimeSpan.FromHours(1));
        if (upper == "STREAM FAIL")
            return Rows("SELECT", StreamColumns, i => [i, 1, i], -1, failAfter: 2, failure: new EngineException(new EngineError("22012", "division by zero")));
        if (upper == "STREAM CUT")
            return Rows("SELECT", StreamColumns, i => [i, 1, i], -1, failAfter: 2, failure: new EngineException(new EngineError("53400", "subscriber fell behind by more than 1000 rows and was closed")));
        if (upper == "STREAM RUNTIME")
            return Rows("SELECT", StreamColumns, i => [i, 1, i], -1, failAfter: 1, failure: new StreamSql.Runtime.SqlStateException("22003", "integer out of range", hint: "use bigint"));
        if (upper == "STREAM BUG")
            return Rows("SELECT", StreamColumns, i => [i, 1, i], -1, failAfter: 1, failure: new InvalidOperationException("operator state corrupted"));
        if (upper == "WRONG TYPE")
            return Rows("SELECT", [new("n", DataType.Int32)], _ => ["not an int"], 1);
        if (upper == "SESSION BUG")
            throw new InvalidOperationException("session failed");
        if (upper == "COPY STREAM")
            return Copy(StreamColumns, i => [i / 2, 1, i], -1, TimeSpan.FromMilliseconds(20));
        if (upper == "COPY SMALL")
        {
            object?[][] rows = [[1L, "plain"], [2L, null], [3L, "tab\there\nnew\\line"]];
            return Copy([new("id", DataType.Int64), new("s", DataType.Text)], i => rows[i], rows.Length);
        }
        if (upper == "NOTICE")
            return StatementResult.Command("CREATE MATERIALIZED VIEW", [new EngineNotice("WARNING", "01000", "state grows without bound", Hint: "add a watermark")]);
        if (upper.StartsWith("BEGIN", StringComparison.Ordinal))
            return StatementResult.Command("BEGIN");
        if (upper is "COMMIT" or "ROLLBACK")
            return StatementResult.Command(upper);
        var set = SetStatement().Match(statement);
        if (set.Success)
        {
            _parameters[set.Groups[1].Value] = set.Groups[2].Value.Trim('\'');
            return StatementResult.Command("SET");
        }
        if (upper == "SELECT * FROM MISSING")
        {
            return StatementResult.Failed(new EngineError("42P01", "relation \"missing\" does not exist",
                Detail: "no table, view or source has this name", Hint: "SHOW TABLES lists them", Position: start + 15, Code: "SS0201"));
        }
        return StatementResult.Failed(new EngineError("42601", $"syntax error at or near \"{statement.Split(' ')[0]}\"", Position: start + 1));
    }

    private static readonly ResultColumn[] StreamColumns = [new("epoch", DataType.Int64), new("diff", DataType.Int32), new("n", DataType.Int64)];

    private StatementResult Rows(string tag, IReadOnlyList<ResultColumn> columns, Func<long, object?[]> row, long count, TimeSpan delay = default, long failAfter = -1, Exception? failure = null)
    {
        var reader = new FakeRowReader(row, count, delay, failAfter, failure);
        lock (Readers)
            Readers.Add(reader);
        return new StatementResult { Kind = ResultKind.Rows, CommandTag = tag, Columns = columns, Reader = reader };
    }

    private StatementResult Copy(IReadOnlyList<ResultColumn> columns, Func<long, object?[]> row, long count, TimeSpan delay = default)
    {
        var reader = new FakeRowReader(row, count, delay);
        lock (Readers)
            Readers.Add(reader);
        return new StatementResult { Kind = ResultKind.CopyOut, CommandTag = "COPY", Columns = columns, Reader = reader };
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"\$(\d+)")]
    private static partial Regex ParameterNumber();

    [GeneratedRegex(@"^\s*SELECT\s+\$1\b", RegexOptions.IgnoreCase)]
    private static partial Regex Echo();

    [GeneratedRegex(@"^SET\s+(\w+)\s*(?:=|TO)\s*(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SetStatement();
}
