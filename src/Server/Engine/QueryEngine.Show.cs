using StreamSql.Planner;
using StreamSql.Runtime.Types;

namespace StreamSql.Server.Engine;

public sealed partial class QueryEngine
{
    /// <summary>SHOW: catalog listings come planned with their rows; runtime state and settings are read here.</summary>
    private StatementResult Show(Session session, ShowPlan show, List<EngineNotice> notices)
    {
        var columns = Columns(show.Columns);
        IReadOnlyList<object?[]> rows = show.Target switch
        {
            ShowTarget.Variable => [[session.Settings.Get(show.Name ?? "")]],
            ShowTarget.All => session.Settings.All.Select(s => Fill(columns, new() { ["name"] = s.Name, ["setting"] = s.Value, ["description"] = "" })).ToList(),
            ShowTarget.Watermarks => Runtime.GetWatermarks().Select(w => Fill(columns, new()
            {
                ["name"] = w.Name,
                ["source"] = w.Name,
                ["watermark"] = w.WatermarkMicros,
                ["max_event_time"] = w.MaxEventTimeMicros,
                ["late_rows"] = w.LateRows,
                ["records_read"] = w.RecordsRead,
                ["records"] = w.RecordsRead,
            })).ToList(),
            ShowTarget.Subscriptions => Subscriptions.Open.Select(s => Fill(columns, new()
            {
                ["id"] = s.Id,
                ["name"] = s.Target,
                ["target"] = s.Target,
                ["relation"] = s.Target,
                ["started"] = s.Started.ToUnixTimeMilliseconds() * 1000,
                ["rows_sent"] = s.RowsSent,
            })).ToList(),
            ShowTarget.Queries => Subscriptions.Open.Select(s => Fill(columns, new()
            {
                ["id"] = s.Id,
                ["query"] = $"SUBSCRIBE {s.Target}",
                ["started"] = s.Started.ToUnixTimeMilliseconds() * 1000,
            })).ToList(),
            _ => show.Rows.Select(r => r.ToArray()).ToList(),
        };
        if (show.Target == ShowTarget.Variable && columns.Count == 0)
            columns = [new ResultColumn(SessionSettings.Canonical(show.Name ?? "") ?? show.Name ?? "setting", DataType.Text)];
        return new StatementResult { Kind = ResultKind.Rows, CommandTag = "SHOW", Columns = columns, Reader = new ListRowReader(rows), Notices = notices };
    }

    /// <summary>A row in the planner's column order from values by column name (unknown columns NULL).</summary>
    private static object?[] Fill(IReadOnlyList<ResultColumn> columns, Dictionary<string, object?> values)
    {
        var row = new object?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (values.TryGetValue(columns[i].Name, out var v))
                row[i] = v;
        }

        return row;
    }

    /// <summary>The columns a planned statement will return, without running it (Describe).</summary>
    private static IReadOnlyList<ResultColumn>? DescribeColumns(Session session, PlannedStatement planned) => planned switch
    {
        QueryPlan q => Columns(q.Columns),
        ShowPlan s when s.Target == ShowTarget.Variable && s.Columns.IsEmpty =>
            [new ResultColumn(SessionSettings.Canonical(s.Name ?? "") ?? s.Name ?? "setting", DataType.Text)],
        ShowPlan s => Columns(s.Columns),
        ExplainPlan => [new ResultColumn("QUERY PLAN", DataType.Text)],
        SubscribePlan sub => SubscribeColumns(sub),
        FetchPlan f => session.Cursors.TryGetValue(f.Cursor, out var c) ? c.Columns : null,
        _ => null,
    };
}
