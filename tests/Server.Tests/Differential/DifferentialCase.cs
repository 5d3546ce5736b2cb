using System.Globalization;
using System.Text;

namespace StreamSql.Server.Tests.Differential;

/// <summary>
/// One seeded case: a schema, some views from a fixed set of shapes, and a random sequence of
/// inserts, updates and deletes (some grouped into one epoch). The same script runs on StreamSql,
/// where the views are maintained incrementally over many small epochs, and on PostgreSQL, where
/// the views' queries run once over the final tables.
/// </summary>
public sealed class DifferentialCase
{
    public const string Schema = """
        CREATE TABLE t1 (id INT PRIMARY KEY, k INT, g INT, v INT, ts TIMESTAMP);
        CREATE TABLE t2 (id INT, k INT, w INT, ts TIMESTAMP);
        """;

    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private DifferentialCase(int seed, IReadOnlyList<QueryShape> views, IReadOnlyList<int> createViewsAfter, IReadOnlyList<string> steps)
    {
        Seed = seed;
        Views = views;
        CreateViewsAfter = createViewsAfter;
        Steps = steps;
    }

    public int Seed { get; }

    public IReadOnlyList<QueryShape> Views { get; }

    /// <summary>For each view, how many steps run before it is created (0: before any data, so it is maintained from empty; more: it backfills).</summary>
    public IReadOnlyList<int> CreateViewsAfter { get; }

    /// <summary>DML statements; an entry holding several statements separated by ';' runs as one epoch on StreamSql.</summary>
    public IReadOnlyList<string> Steps { get; }

    public static DifferentialCase Generate(int seed)
    {
        var random = new Random(seed);
        var shapes = Shapes(random);
        var views = Enumerable.Range(0, 3).Select(_ => shapes[random.Next(shapes.Count)]).ToList();
        var nextId = 1;
        var live = new List<int>();
        var steps = new List<string>();
        var count = random.Next(8, 30);
        for (var i = 0; i < count; i++)
        {
            if (random.Next(6) == 0)
            {
                var group = Enumerable.Range(0, random.Next(2, 4)).Select(_ => Step(random, ref nextId, live));
                steps.Add(string.Join(";\n", group));
            }
            else
            {
                steps.Add(Step(random, ref nextId, live));
            }
        }

        var after = views.Select(_ => random.Next(3) == 0 ? random.Next(steps.Count + 1) : 0).ToList();
        return new DifferentialCase(seed, views, after, steps);
    }

    private static string Step(Random random, ref int nextId, List<int> live)
    {
        switch (random.Next(10))
        {
            case < 5:
            {
                var rows = new List<string>();
                for (var n = random.Next(1, 6); n > 0; n--)
                {
                    live.Add(nextId);
                    rows.Add($"({nextId++}, {Maybe(random, random.Next(0, 6))}, {random.Next(0, 4)}, {Maybe(random, random.Next(-20, 21))}, {Ts(random)})");
                }

                return "INSERT INTO t1 VALUES " + string.Join(", ", rows);
            }

            case < 7:
            {
                var rows = Enumerable.Range(0, random.Next(1, 4))
                    .Select(_ => $"({random.Next(1, 50)}, {Maybe(random, random.Next(0, 6))}, {random.Next(-5, 6)}, {Ts(random)})");
                return "INSERT INTO t2 VALUES " + string.Join(", ", rows);
            }

            case 7 when live.Count > 0:
            {
                var id = live[random.Next(live.Count)];
                return random.Next(2) == 0
                    ? $"UPDATE t1 SET v = v + {random.Next(1, 5)}, ts = ts + INTERVAL '{random.Next(0, 20)} minutes' WHERE id = {id}"
                    : $"UPDATE t1 SET k = {random.Next(0, 6)} WHERE g = {random.Next(0, 4)}";
            }

            case 8 when live.Count > 0:
            {
                var id = live[random.Next(live.Count)];
                live.Remove(id);
                return $"DELETE FROM t1 WHERE id = {id}";
            }

            default:
                return $"DELETE FROM t2 WHERE k = {random.Next(0, 6)}";
        }
    }

    private static string Maybe(Random random, int value) => random.Next(10) == 0 ? "NULL" : value.ToString(CultureInfo.InvariantCulture);

    private static string Ts(Random random) =>
        "'" + Start.AddSeconds(random.Next(0, 7200)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'";

    /// <summary>The fixed set of query shapes, with random constants.</summary>
    private static List<QueryShape> Shapes(Random random)
    {
        var c = random.Next(-10, 10);
        var h = random.Next(1, 4);
        return
        [
            new("filter", $"SELECT id, k, v * 2 AS v2 FROM t1 WHERE v > {c}", $"SELECT id, k, v * 2 AS v2 FROM t1 WHERE v > {c}"),
            new("group", "SELECT g, count(*) AS n, sum(v) AS s, min(v) AS mn, max(v) AS mx, count(v) AS cv FROM t1 GROUP BY g",
                "SELECT g, count(*) AS n, sum(v) AS s, min(v) AS mn, max(v) AS mx, count(v) AS cv FROM t1 GROUP BY g"),
            new("global", "SELECT count(*) AS n, sum(v) AS s, max(ts) AS latest FROM t1", "SELECT count(*) AS n, sum(v) AS s, max(ts) AS latest FROM t1"),
            new("inner join", "SELECT t1.id, t1.v, t2.id AS id2, t2.w FROM t1 JOIN t2 ON t1.k = t2.k",
                "SELECT t1.id, t1.v, t2.id AS id2, t2.w FROM t1 JOIN t2 ON t1.k = t2.k"),
            new("left join", "SELECT t1.id, t1.k, t2.w FROM t1 LEFT JOIN t2 ON t1.k = t2.k",
                "SELECT t1.id, t1.k, t2.w FROM t1 LEFT JOIN t2 ON t1.k = t2.k"),
            new("full join", "SELECT t1.id, t2.id AS id2, t2.w FROM t1 FULL JOIN t2 ON t1.k = t2.k AND t1.g < t2.w",
                "SELECT t1.id, t2.id AS id2, t2.w FROM t1 FULL JOIN t2 ON t1.k = t2.k AND t1.g < t2.w"),
            new("tumble", "SELECT window_start, g, count(*) AS n, sum(v) AS s FROM TUMBLE(t1, ts, INTERVAL '10' MINUTE) GROUP BY window_start, g",
                "SELECT date_bin('10 minutes', ts, TIMESTAMP '1970-01-01') AS window_start, g, count(*) AS n, sum(v) AS s FROM t1 GROUP BY 1, 2"),
            new("hop", "SELECT window_start, window_end, k, count(*) AS n FROM HOP(t1, ts, INTERVAL '5' MINUTE, INTERVAL '15' MINUTE) GROUP BY window_start, window_end, k",
                "SELECT ws AS window_start, ws + INTERVAL '15 minutes' AS window_end, k, count(*) AS n FROM t1, " +
                "generate_series(date_bin('5 minutes', ts, TIMESTAMP '1970-01-01') - INTERVAL '10 minutes', date_bin('5 minutes', ts, TIMESTAMP '1970-01-01'), INTERVAL '5 minutes') AS ws GROUP BY 1, 2, 3"),
            new("top-n", "SELECT g, id, v FROM (SELECT g, id, v, ROW_NUMBER() OVER (PARTITION BY g ORDER BY v DESC, id) AS rn FROM t1) AS r WHERE rn <= 2",
                "SELECT g, id, v FROM (SELECT g, id, v, ROW_NUMBER() OVER (PARTITION BY g ORDER BY v DESC, id) AS rn FROM t1) AS r WHERE rn <= 2"),
            new("dedup", "SELECT k, id FROM (SELECT k, id, ROW_NUMBER() OVER (PARTITION BY k ORDER BY id) AS rn FROM t1) AS r WHERE rn = 1",
                "SELECT k, id FROM (SELECT k, id, ROW_NUMBER() OVER (PARTITION BY k ORDER BY id) AS rn FROM t1) AS r WHERE rn = 1"),
            new("distinct", "SELECT DISTINCT g, k FROM t1", "SELECT DISTINCT g, k FROM t1"),
            new("count distinct", "SELECT g, count(DISTINCT k) AS dk FROM t1 GROUP BY g", "SELECT g, count(DISTINCT k) AS dk FROM t1 GROUP BY g"),
            new("join aggregate", "SELECT t1.g, count(*) AS n, sum(t2.w) AS sw FROM t1 JOIN t2 ON t1.k = t2.k GROUP BY t1.g",
                "SELECT t1.g, count(*) AS n, sum(t2.w) AS sw FROM t1 JOIN t2 ON t1.k = t2.k GROUP BY t1.g"),
            new("having", $"SELECT g, sum(v) AS s FROM t1 GROUP BY g HAVING count(*) > {h}",
                $"SELECT g, sum(v) AS s FROM t1 GROUP BY g HAVING count(*) > {h}"),
            new("union all", "SELECT k, v AS x FROM t1 UNION ALL SELECT k, w AS x FROM t2", "SELECT k, v AS x FROM t1 UNION ALL SELECT k, w AS x FROM t2"),
            new("order limit", "SELECT id, v FROM t1 ORDER BY v DESC, id LIMIT 3", "SELECT id, v FROM t1 ORDER BY v DESC, id LIMIT 3"),
            Same("exists", "SELECT id, k FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.k = t1.k AND t2.w > t1.g)"),
            Same("not exists", "SELECT id, v FROM t1 WHERE NOT EXISTS (SELECT 1 FROM t2 WHERE t2.k = t1.k)"),
            Same("in", $"SELECT id, v + {c} IN (SELECT w FROM t2 WHERE t2.k = t1.k) AS i FROM t1"),
            Same("not in", "SELECT id, g NOT IN (SELECT w FROM t2 WHERE t2.k = t1.k) AS n FROM t1"),
            Same("uncorrelated in", $"SELECT id, k FROM t1 WHERE k IN (SELECT k FROM t2 WHERE w > {c % 5}) OR v NOT IN (SELECT w FROM t2)"),
            Same("scalar aggregates", "SELECT id, (SELECT count(*) FROM t2 WHERE t2.k = t1.k) AS n, (SELECT sum(w) FROM t2 WHERE t2.k = t1.k AND t2.w < t1.v) AS s FROM t1"),
            Same("array", "SELECT id, ARRAY(SELECT w FROM t2 WHERE t2.k IS NOT DISTINCT FROM t1.k ORDER BY w) AS ws FROM t1"),
            Same("group exists", "SELECT g, count(*) AS n FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.k = t1.k) GROUP BY g"),
        ];

        static QueryShape Same(string name, string sql) => new(name, sql, sql);
    }

    /// <summary>The whole case as one StreamSql script, to reproduce a failure by hand.</summary>
    public string Script()
    {
        var sb = new StringBuilder($"-- differential case, seed {Seed}\n{Schema}\n");
        for (var step = 0; step <= Steps.Count; step++)
        {
            for (var v = 0; v < Views.Count; v++)
            {
                if (CreateViewsAfter[v] == step)
                    sb.Append($"CREATE MATERIALIZED VIEW v{v} AS {Views[v].StreamSql};\n");
            }

            if (step < Steps.Count)
                sb.Append(Steps[step]).Append(";\n");
        }

        return sb.ToString();
    }
}
