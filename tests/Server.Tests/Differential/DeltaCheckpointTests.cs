using StreamSql.Server.Engine;
using Xunit.Abstractions;
using static StreamSql.Server.Tests.Differential.DifferentialTests;

namespace StreamSql.Server.Tests.Differential;

/// <summary>
/// Checkpoint deltas over the differential test's random cases: the script runs with a checkpoint
/// after random steps (the first full, the next ones deltas over it, a full one again after a view
/// is created); a second engine built from the same DDL restores the last chain (full checkpoint
/// plus its deltas), must show the views the first showed at that point, and after the remaining
/// steps the same views as the first at the end. Every operator and view form of the shapes
/// (aggregates, joins, DISTINCT, top-N, ...) goes through its delta and back.
/// </summary>
public sealed class DeltaCheckpointTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ARuntimeRestoredFromAFullCheckpointAndItsDeltasEqualsTheOriginal()
    {
        var quick = Environment.GetEnvironmentVariable("STREAMSQL_QUICK") == "1";
        var failures = new List<string>();
        int deltas = 0;
        foreach (var seed in Enumerable.Range(1, quick ? 150 : 600))
        {
            try
            {
                deltas += await RunCaseAsync(DifferentialCase.Generate(seed), seed);
            }
            catch (CaseFailure e)
            {
                failures.Add(e.Message);
                if (failures.Count >= 3)
                    break;
            }
        }

        output.WriteLine($"{deltas} deltas restored");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        // The cases must reach the deltas at all (a chain of full checkpoints would test nothing new).
        Assert.True(deltas > 500, $"only {deltas} deltas were restored");
    }

    /// <summary>Runs one case with checkpoints; returns how many deltas the restored chain had.</summary>
    private static async Task<int> RunCaseAsync(DifferentialCase c, int seed)
    {
        var random = new Random(seed * 31 + 7);
        await using var first = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual });
        await using var session = first.OpenSession();
        await Must(session, DifferentialCase.Schema, c);
        var chain = new List<byte[]>();
        int chainStep = -1;
        List<List<string>>? atChain = null;
        for (var step = 0; step <= c.Steps.Count; step++)
        {
            await RunStepAsync(session, c, step);
            if (random.Next(3) == 0)
                continue;
            // As the engine does: queued changes run first, then the state is captured between epochs.
            first.Runtime.RunEpoch();
            using var stream = new MemoryStream();
            bool delta = first.Runtime.WriteCheckpoint(stream, delta: true);
            first.Runtime.CheckpointCompleted(first.Runtime.CurrentEpoch);
            if (!delta)
                chain.Clear();
            else if (chain.Count == 0)
                throw new CaseFailure($"seed {c.Seed}: the first checkpoint was a delta");
            chain.Add(stream.ToArray());
            chainStep = step;
            atChain = await ViewsAsync(session, c, step);
        }

        if (chain.Count == 0)
            return 0;
        var expected = await ViewsAsync(session, c, c.Steps.Count);

        await using var second = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual });
        await using var restored = second.OpenSession();
        await Must(restored, DifferentialCase.Schema, c);
        for (var v = 0; v < c.Views.Count; v++)
        {
            if (c.CreateViewsAfter[v] <= chainStep)
                await Must(restored, $"CREATE MATERIALIZED VIEW v{v} AS {c.Views[v].StreamSql}", c);
        }

        second.Runtime.ReadCheckpoint([.. chain.Select(b => new MemoryStream(b, writable: false))]);
        Compare(c, $"right after restoring a full checkpoint and {chain.Count - 1} delta(s) taken after step {chainStep}", atChain!, await ViewsAsync(restored, c, chainStep));
        for (var step = chainStep + 1; step <= c.Steps.Count; step++)
            await RunStepAsync(restored, c, step);
        Compare(c, $"after the steps following a full checkpoint and {chain.Count - 1} delta(s) taken after step {chainStep}", expected, await ViewsAsync(restored, c, c.Steps.Count));
        return chain.Count - 1;
    }

    /// <summary>The sorted rows of every view that exists after <paramref name="step"/>.</summary>
    private static async Task<List<List<string>>> ViewsAsync(Session session, DifferentialCase c, int step)
    {
        var views = new List<List<string>>();
        for (var v = 0; v < c.Views.Count; v++)
        {
            var rows = c.CreateViewsAfter[v] <= step ? await RowsAsync(session, $"SELECT * FROM v{v}", c) : [];
            rows.Sort(StringComparer.Ordinal);
            views.Add(rows);
        }

        return views;
    }

    private static void Compare(DifferentialCase c, string when, List<List<string>> expected, List<List<string>> actual)
    {
        for (var v = 0; v < expected.Count; v++)
        {
            if (!expected[v].SequenceEqual(actual[v], StringComparer.Ordinal))
            {
                throw new CaseFailure($"seed {c.Seed}: view v{v} ({c.Views[v].Name}) differs {when}\n" +
                    $"expected ({expected[v].Count} rows):\n  {string.Join("\n  ", expected[v])}\n" +
                    $"actual ({actual[v].Count} rows):\n  {string.Join("\n  ", actual[v])}\nscript:\n{c.Script()}");
            }
        }
    }
}
