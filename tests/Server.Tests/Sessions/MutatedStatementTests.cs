using StreamSql.Server.Engine;
using StreamSql.Server.Testing;
using StreamSql.Tests.Shared;
using Xunit.Abstractions;

namespace StreamSql.Server.Tests.Sessions;

/// <summary>
/// The engine answers any statement with a result or a user error, never an internal one (XX000):
/// every statement of the conformance scripts runs in an engine of its script, then mutated (words
/// dropped, swapped, repeated, or replaced by edge values: huge and negative numbers, NULL, empty
/// strings and arrays, subqueries; and its number and string literals replaced by values at the
/// edges of their types' ranges, or not of their type), over whatever state the script and the
/// earlier mutations left.
/// Internal errors the engine logs count too. The planner's own robustness test covers planning
/// alone; this one runs what plans, through the runtime.
/// </summary>
public sealed class MutatedStatementTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MutatedConformanceStatementsNeverFailInternally()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "StreamSql.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("StreamSql.sln not found");
        var files = Directory.EnumerateFiles(Path.Combine(root, "..", "shared", "conformance"), "*.slt*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "tests", "Conformance"), "*.slt"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count > 40, $"only {files.Count} conformance files found");
        var random = new Random(20261207);
        var failures = new Dictionary<string, string>();
        int runs = 0;
        foreach (var file in files)
        {
            var statements = SltFileParser.Parse(file, await File.ReadAllTextAsync(file))
                .Select(r => r switch { SltStatement s => s.Sql, SltQuery q => q.Sql, _ => null })
                .OfType<string>()
                // A subscription waits for changes: not a statement that answers at once.
                .Where(sql => !sql.Contains("SUBSCRIBE", StringComparison.OrdinalIgnoreCase) && !sql.Contains("FETCH", StringComparison.OrdinalIgnoreCase))
                .ToList();
            var log = new StringWriter();
            await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual, Log = log });
            await using var session = engine.OpenSession();
            foreach (var sql in statements)
            {
                await RunAsync(session, sql, log, failures, file);
                var words = sql.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (int attempt = 0; attempt < 10 && words.Length > 1; attempt++)
                {
                    runs++;
                    await RunAsync(session, string.Join(' ', StatementMutations.Words(words, random)), log, failures, file);
                }

                for (int attempt = 0; attempt < 5; attempt++)
                {
                    runs++;
                    await RunAsync(session, StatementMutations.Literals(sql, random), log, failures, file);
                }
            }
        }

        output.WriteLine($"{runs} mutated statements run");
        Assert.True(runs > 5000, $"only {runs} mutated statements ran");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Select(f => $"{f.Key}\n  {f.Value}")));
    }

    private static async Task RunAsync(Session session, string sql, StringWriter log, Dictionary<string, string> failures, string file)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            foreach (var (result, _) in await session.ExecuteAllAsync(sql, timeout.Token))
            {
                if (result.Error is { SqlState: "XX000" } error)
                    failures.TryAdd($"{error.Message} ({error.Detail})", $"{Path.GetFileName(file)}: {sql}");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            failures.TryAdd("no answer within 10 s", $"{Path.GetFileName(file)}: {sql}");
        }

        var logged = log.ToString();
        if (logged.Contains("internal error", StringComparison.Ordinal))
            failures.TryAdd(logged.Split('\n')[0], $"{Path.GetFileName(file)}: {sql}");
        log.GetStringBuilder().Clear();
    }
}
