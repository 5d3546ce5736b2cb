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
            ShowTarget.Variable => [[session.Settings.Show(show.Name ?? "")]],
            ShowTarget.All => session.Settings.All.Select(s => Fill(columns, new()
            {
                ["name"] = s.Name,
                ["setting"] = s.Value,
                ["description"] = s.Description,
            })).ToList(),
            ShowTarget.Watermarks => Runtime.GetWatermarks().Select(w => Fill(columns, new()
            {
                ["Source"] = w.Name,
                ["Watermark"] = w.WatermarkMicros,
                ["Max Event Time"] = w.MaxEventTimeMicros,
                ["Late Rows"] = w.LateRows,
            })).ToList(),
            ShowTarget.Subscriptions => Subscriptions.Open.Select(s => Fill(columns, new()
            {
                ["Id"] = s.Id,
                ["Target"] = s.Target,
                ["Epoch"] = s.Epoch,
            })).ToList(),
            ShowTarget.Queries => Subscriptions.Open.Select(s => Fill(columns, new()
            {
                ["Id"] = s.Id,
                ["Query"] = $"SUBSCRIBE {s.Target}",
            })).ToList(),
            _ => show.Rows.Select(r => r.ToArray()).ToList(),
        };
        if (show.Target == ShowTarget.Variable && columns.Count == 0)
            columns = [new ResultColumn(SessionSettings.Canonical(show.Name ?? "") ?? show.Name ?? "setting", DataType.Text)];
        return new StatementResult { Kind = ResultKind.Rows, CommandTag = "SHOW", Columns = columns, Reader = new ListRowReader(rows), Notices = notices };
    }

    /// <summary>
    /// A row in the planner's column order from values by the planner's column names. A column
    /// without a value is a bug (the binder and this file disagree), not a NULL.
    /// </summary>
    private static object?[] Fill(IReadOnlyList<ResultColumn> columns, Dictionary<string, object?> values)
    {
        if (values.Count != columns.Count)
            throw new InvalidOperationException($"SHOW has {columns.Count} columns but {values.Count} values");
        var row = new object?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            row[i] = values.TryGetValue(columns[i].Name, out var v) ? v
                : throw new InvalidOperationException($"SHOW has no value for column \"{columns[i].Name}\"");
        }

        return row;
    }

    /// <summary>The columns a planned statement will return, without running it (Describe).</summary>
    private static IReadOnlyList<ResultColumn>? DescribeColumns(Session session, PlannedStatement planned) => planned switch
    {
        QueryPlan q => Columns(q.Columns),
        DmlPlan { Returning.IsEmpty: false } dml => Columns(dml.Returning),
        ShowPlan s when s.Target == ShowTarget.Variable && s.Columns.IsEmpty =>
            [new ResultColumn(SessionSettings.Canonical(s.Name ?? "") ?? s.Name ?? "setting", DataType.Text)],
        ShowPlan s => Columns(s.Columns),
        ExplainPlan or ExplainAnalyzePlan => [new ResultColumn("QUERY PLAN", DataType.Text)],
        SubscribePlan sub => SubscribeColumns(sub),
        FetchPlan f => session.Cursors.TryGetValue(f.Cursor, out var c) ? c.Columns : null,
        _ => null,
    };
}
