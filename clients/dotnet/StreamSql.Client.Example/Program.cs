// Watches a materialized view of a running server and prints every change as it commits.
//   ./streamsql serve --demo            (in another terminal)
//   dotnet run --project clients/dotnet/StreamSql.Client.Example -- http://localhost:8080 some_view
// Stop with Ctrl+C. A lost connection is resumed where it left off.
using StreamSql.Client;

var server = new Uri(args.Length > 0 ? args[0] : "http://localhost:8080");
var view = args.Length > 1 ? args[1] : "totals";
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

await using var client = new StreamSqlClient(server, new StreamSqlClientOptions
{
    User = Environment.GetEnvironmentVariable("STREAMSQL_USER"),
    Password = Environment.GetEnvironmentVariable("STREAMSQL_PASSWORD"),
});
try
{
    await foreach (var frame in client.SubscribeFramesAsync(view, cancellationToken: stop.Token))
    {
        if (frame.Columns is { } columns)
            Console.WriteLine($"columns: {string.Join(", ", columns)}");
        foreach (var change in frame.Changes)
            Console.WriteLine($"epoch {frame.Epoch} {(change.Diff > 0 ? "+" : "")}{change.Diff} [{string.Join(", ", change.Row.Select(v => v.GetRawText()))}]");
    }
}
catch (OperationCanceledException)
{
}
catch (StreamSqlException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

return 0;
