using StreamSql.Planner;
using StreamSql.Runtime;

namespace StreamSql.Server.Engine;

public sealed partial class QueryEngine
{
    private void DeclareCursor(Session session, DeclareCursorPlan declare, IReadOnlyList<object?>? parameters)
    {
        if (session.Cursors.ContainsKey(declare.Name))
            throw new SqlStateException("42P03", $"cursor \"{declare.Name}\" already exists");
        Session.Cursor cursor = declare.Source switch
        {
            SubscribePlan subscribe => OpenCursor(session, subscribe, parameters),
            QueryPlan query => new Session.Cursor(new ListRowReader(RunQuery(session, query.Physical, parameters).Rows), Columns(query.Columns), streaming: false),
            _ => throw new SqlStateException("0A000", "DECLARE CURSOR supports SUBSCRIBE and queries"),
        };
        session.Cursors[declare.Name] = cursor;
    }

    private Session.Cursor OpenCursor(Session session, SubscribePlan subscribe, IReadOnlyList<object?>? parameters)
    {
        var (columns, reader) = OpenSubscription(session, subscribe, parameters);
        return new Session.Cursor(reader, columns, streaming: true);
    }

    /// <summary>
    /// FETCH n | ALL: returns the rows that are ready, up to n. On a subscription it waits up to the
    /// timeout (default: no wait for ALL, forever for a count, as Materialize does) for the first row,
    /// then takes what else is ready without waiting.
    /// </summary>
    private async Task<StatementResult> FetchAsync(Session session, FetchPlan fetch, List<EngineNotice> notices, CancellationToken cancellationToken)
    {
        if (!session.Cursors.TryGetValue(fetch.Cursor, out var cursor))
            throw Session.NoCursor(fetch.Cursor);
        var limit = fetch.Count ?? long.MaxValue;
        var rows = new List<object?[]>();
        while (rows.Count < limit)
        {
            var move = cursor.PendingMove ?? cursor.Reader.MoveNextAsync(cancellationToken).AsTask();
            cursor.PendingMove = null;
            if (!move.IsCompleted && cursor.Streaming)
            {
                var wait = rows.Count > 0 ? TimeSpan.Zero : fetch.Timeout ?? (fetch.Count is null ? TimeSpan.Zero : Timeout.InfiniteTimeSpan);
                if (wait != Timeout.InfiniteTimeSpan)
                {
                    var delay = Task.Delay(wait, Options.Time, cancellationToken);
                    if (await Task.WhenAny(move, delay) != move)
                    {
                        cursor.PendingMove = move;
                        break;
                    }
                }
            }

            bool more;
            try
            {
                more = await move;
            }
            catch (EngineException e)
            {
                return StatementResult.Failed(e.Error);
            }

            if (!more)
                break;
            rows.Add((object?[])cursor.Reader.Current.Clone());
        }

        return new StatementResult
        {
            Kind = ResultKind.Rows, CommandTag = "FETCH", Columns = cursor.Columns, Reader = new ListRowReader(rows), Notices = notices,
        };
    }

    private static void CloseCursors(Session session, string? name)
    {
        if (name is null)
        {
            foreach (var c in session.Cursors.Values)
                _ = c.Reader.DisposeAsync().AsTask();
            session.Cursors.Clear();
            return;
        }

        if (!session.Cursors.Remove(name, out var cursor))
            throw Session.NoCursor(name);
        _ = cursor.Reader.DisposeAsync().AsTask();
    }
}
