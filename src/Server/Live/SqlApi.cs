using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StreamSql.Server.Engine;
using SessionOptions = StreamSql.Server.Engine.SessionOptions;

namespace StreamSql.Server.Live;

/// <summary>
/// <c>POST /api/sql</c>: runs a script on a fresh session and answers with every result in JSON.
/// The body is the SQL text, or JSON <c>{"sql": "..."}</c>. A result that streams (SUBSCRIBE) is
/// ended after <see cref="LiveOptions.ApiIdleTimeout"/> without a row, or after
/// <see cref="LiveOptions.ApiRowLimit"/> rows, and is marked truncated.
/// Status: 200, or 400 when a statement failed (the body still holds the results before it).
/// </summary>
internal static class SqlApi
{
    public static async Task<IResult> HandleAsync(HttpContext context, QueryEngine engine, LiveOptions options)
    {
        var sql = await ReadSqlAsync(context.Request);
        if (sql is null)
        {
            return Results.Json(new SqlApiResponse([], new SqlApiError("22023",
                "the request body must be SQL text or JSON {\"sql\": \"...\"}", null, null, null, null, null, null)), statusCode: 400);
        }

        var user = context.User.Identity?.Name ?? "streamsql";
        var aborted = context.RequestAborted;
        await using var session = engine.OpenSession(new SessionOptions(user, engine.Options.DatabaseName, new Dictionary<string, string>()));
        var results = new List<SqlApiResult>();
        SqlApiError? error = null;
        await foreach (var result in session.ExecuteAsync(sql, aborted))
        {
            if (result.Error is { } e)
            {
                error = new SqlApiError(e.SqlState, e.Message, e.Detail, e.Hint, e.Position, e.Line, e.Column, e.Code);
                break;
            }

            var notices = result.Notices.Select(n => n.Message).ToList();
            if (result.Reader is not { } reader)
            {
                results.Add(new SqlApiResult("command", result.CommandTag, null, null, false, notices));
                continue;
            }

            var columns = result.Columns ?? [];
            var types = columns.Select(c => c.Type).ToArray();
            var rows = new List<object?[]>();
            var truncated = false;
            await using (reader)
            {
                try
                {
                    while (true)
                    {
                        using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                        idle.CancelAfter(options.ApiIdleTimeout);
                        if (!await reader.MoveNextAsync(idle.Token))
                            break;
                        if (rows.Count == options.ApiRowLimit)
                        {
                            truncated = true;
                            break;
                        }

                        rows.Add(JsonValues.Row(reader.Current, types));
                    }
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    truncated = true;
                }
                catch (EngineException x)
                {
                    var f = x.Error;
                    error = new SqlApiError(f.SqlState, f.Message, f.Detail, f.Hint, f.Position, f.Line, f.Column, f.Code);
                }
            }

            var tag = $"{(result.CommandTag.Length == 0 ? "SELECT" : result.CommandTag)} {rows.Count}";
            results.Add(new SqlApiResult("rows", tag,
                [.. columns.Select(c => new SqlApiColumn(c.Name, c.Type.ToString()))], rows, truncated, notices));
            if (error is not null)
                break;
        }

        return Results.Json(new SqlApiResponse(results, error), statusCode: error is null ? 200 : 400);
    }

    private static async Task<string?> ReadSqlAsync(HttpRequest request)
    {
        using var body = new StreamReader(request.Body);
        var text = await body.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
            return text;
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("sql", out var sql) && sql.ValueKind == JsonValueKind.String
                ? sql.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
