using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Testing;

/// <summary>
/// Runs sqllogictest records against an in-process engine in manual mode: connectors do not
/// start, so sources are fed by <c>ingest</c> and time moves only when a directive says so.
/// </summary>
public sealed class EngineSltTarget : ISltTarget
{
    private readonly QueryEngine _engine;
    private readonly Session _session;
    private readonly StreamingDirectives _directives;

    private EngineSltTarget(QueryEngine engine)
    {
        _engine = engine;
        _session = engine.OpenSession();
        _directives = new StreamingDirectives(engine, _session);
    }

    public string EngineName => "streamsql";

    public static Task<ISltTarget> OpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ISltTarget>(new EngineSltTarget(new QueryEngine(new EngineOptions { Mode = EngineMode.Manual, Time = new TestClock() })));

    public async Task<SltOutcome> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var results = await _session.ExecuteAllAsync(sql, cancellationToken);
        return ToOutcome(results, _session.Settings.TimeZone);
    }

    internal static SltOutcome ToOutcome(IReadOnlyList<(StatementResult Result, IReadOnlyList<object?[]> Rows)> results, TimeZoneInfo tz)
    {
        if (results.Count == 0)
            return new SltOutcome(null, 0, null, null);
        var failed = results.FirstOrDefault(r => r.Result.Kind == ResultKind.Error);
        if (failed.Result is { Error: { } error })
            return SltOutcome.Failed(error.Message, error.SqlState);
        var (last, rows) = results[^1];
        if (last.Columns is not { } columns)
            return new SltOutcome(null, AffectedRows(last.CommandTag), null, null);
        var text = rows.Select(r => (IReadOnlyList<string>)r.Select((v, i) =>
            SltResultComparer.FormatValue(ValueFormatter.Format(v, columns[i].Type, tz))).ToArray()).ToList();
        return new SltOutcome(text, rows.Count, null, null);
    }

    /// <summary>The row count of a command tag such as <c>INSERT 0 3</c>, <c>UPDATE 2</c>, <c>DELETE 1</c>.</summary>
    private static long? AffectedRows(string tag)
    {
        var last = tag.LastIndexOf(' ');
        return last > 0 && long.TryParse(tag[(last + 1)..], out var n) ? n : null;
    }

    public Task<SltOutcome>? ExecuteDirectiveAsync(SltDirective directive, CancellationToken cancellationToken) =>
        _directives.ExecuteAsync(directive, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _directives.DisposeAsync();
        await _session.DisposeAsync();
        await _engine.DisposeAsync();
    }
}
