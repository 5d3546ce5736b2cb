using System.Globalization;
using Npgsql;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;
using StreamSql.Server.Tests.Support;
using Xunit.Abstractions;

namespace StreamSql.Server.Tests.Differential;

/// <summary>
/// The randomized differential test: for thousands of seeded cases, every materialized view that
/// StreamSql maintains over many small epochs of inserts, updates and deletes must equal, as a
/// multiset of rows, what PostgreSQL computes for the same query over the final tables.
/// A failure prints the seed and the whole script; STREAMSQL_DIFF_SEED=n runs that one case.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresInstance? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task ViewsEqualPostgresOverRandomChanges()
    {
        var only = Environment.GetEnvironmentVariable("STREAMSQL_DIFF_SEED");
        var quick = Environment.GetEnvironmentVariable("STREAMSQL_QUICK") == "1";
        var seeds = only is not null
            ? [int.Parse(only, CultureInfo.InvariantCulture)]
            : Enumerable.Range(1, quick ? 300 : 2000).ToArray();
        await using var pg = new NpgsqlConnection(_postgres!.ConnectionString);
        await pg.OpenAsync();
        var failures = new List<string>();
        var compared = 0;
        foreach (var seed in seeds)
        {
            var failure = await RunCaseAsync(DifferentialCase.Generate(seed), pg);
            compared += 3;
            if (failure is not null)
            {
                failures.Add(failure);
                if (failures.Count >= 3)
                    break;
            }
        }

        foreach (var f in failures)
            output.WriteLine(f);
        output.WriteLine($"{seeds.Length} cases, {compared} views compared");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private static async Task<string?> RunCaseAsync(DifferentialCase c, NpgsqlConnection pg)
    {
        // StreamSql: views maintained incrementally as the steps run.
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual });
        await using var session = engine.OpenSession();
        var ours = new List<List<string>>();
        try
        {
            await Must(session, DifferentialCase.Schema, c);
            for (var step = 0; step <= c.Steps.Count; step++)
                await RunStepAsync(session, c, step);

            for (var v = 0; v < c.Views.Count; v++)
                ours.Add(await RowsAsync(session, $"SELECT * FROM v{v}", c));
        }
        catch (CaseFailure e)
        {
            return e.Message;
        }

        // PostgreSQL: the same statements, then each view's query once.
        await using (var reset = new NpgsqlCommand("DROP TABLE IF EXISTS t1, t2; " + DifferentialCase.Schema, pg))
            await reset.ExecuteNonQueryAsync();
        foreach (var step in c.Steps)
        {
            await using var cmd = new NpgsqlCommand(step, pg);
            await cmd.ExecuteNonQueryAsync();
        }

        for (var v = 0; v < c.Views.Count; v++)
        {
            var expected = await PostgresRowsAsync(pg, c.Views[v].Postgres);
            var actual = ours[v];
            expected.Sort(StringComparer.Ordinal);
            actual.Sort(StringComparer.Ordinal);
            if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
            {
                return $"seed {c.Seed}: view v{v} ({c.Views[v].Name}) differs from PostgreSQL\n" +
                       $"expected ({expected.Count} rows):\n  {string.Join("\n  ", expected)}\n" +
                       $"actual ({actual.Count} rows):\n  {string.Join("\n  ", actual)}\n" +
                       $"script:\n{c.Script()}";
            }
        }

        return null;
    }

    /// <summary>Creates the views due before <paramref name="step"/>, then runs the step (the last has none).</summary>
    internal static async Task RunStepAsync(Session session, DifferentialCase c, int step)
    {
        for (var v = 0; v < c.Views.Count; v++)
        {
            if (c.CreateViewsAfter[v] == step)
                await Must(session, $"CREATE MATERIALIZED VIEW v{v} AS {c.Views[v].StreamSql}", c);
        }

        if (step == c.Steps.Count)
            return;
        // A group of statements is one epoch: DML is queued, then flushed once.
        var grouped = c.Steps[step].Contains(';');
        if (grouped)
            await Must(session, "SET implicit_flush = off", c);
        await Must(session, c.Steps[step], c);
        if (grouped)
            await Must(session, "FLUSH; SET implicit_flush = on", c);
    }

    internal static async Task Must(Session session, string sql, DifferentialCase c)
    {
        foreach (var (result, _) in await session.ExecuteAllAsync(sql, CancellationToken.None))
        {
            if (result.Error is { } e)
                throw new CaseFailure($"seed {c.Seed}: StreamSql failed on\n  {sql}\n  {e.SqlState}: {e.Message}\nscript:\n{c.Script()}");
        }
    }

    internal static async Task<List<string>> RowsAsync(Session session, string sql, DifferentialCase c)
    {
        var results = await session.ExecuteAllAsync(sql, CancellationToken.None);
        var (result, rows) = results[^1];
        if (result.Error is { } e)
            throw new CaseFailure($"seed {c.Seed}: StreamSql failed on\n  {sql}\n  {e.SqlState}: {e.Message}\nscript:\n{c.Script()}");
        var columns = result.Columns!;
        return rows.Select(r => string.Join(" | ", r.Select((v, i) => ValueFormatter.Format(v, columns[i].Type) ?? "NULL"))).ToList();
    }

    private static async Task<List<string>> PostgresRowsAsync(NpgsqlConnection pg, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, pg) { AllResultTypesAreUnknown = true };
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetString(i))));
        }

        return rows;
    }

    internal sealed class CaseFailure(string message) : Exception(message);
}
