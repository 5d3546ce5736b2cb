using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamSql.Parser;

namespace StreamSql.Bench.Parser;

/// <summary>
/// Parses a 1 MB and a 10 MB script of mixed statements and reports MB/s for each; the ratio of the
/// times shows whether parsing stays linear (about 10x for 10x the text).
/// </summary>
public sealed class ParseBenchmark : IBenchmark
{
    public string Name => "parse";

    public string Description => "parser throughput on 1 MB and 10 MB scripts of mixed statements (linearity check)";

    private static readonly string[] Templates =
    [
        "CREATE SOURCE IF NOT EXISTS clicks_{0} (user_id TEXT, url TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND) WITH (connector = 'kafka', topic = 'clicks_{0}', 'bootstrap.servers' = 'localhost:9092') FORMAT JSON;",
        "CREATE TABLE IF NOT EXISTS users_{0} (id INT PRIMARY KEY, name TEXT NOT NULL, created TIMESTAMP, WATERMARK FOR created AS created - INTERVAL '5 minutes') APPEND ONLY;",
        "INSERT INTO users_{0} VALUES ({0}, 'user {0}', '2024-01-01 10:00:00'), ({0} + 1, 'it''s', TIMESTAMP '2024-01-01 11:00:00'), ({0} + 2, E'tab\\t', now());",
        "CREATE MATERIALIZED VIEW per_minute_{0} AS SELECT window_start, window_end, url, count(*) AS n, sum(CASE WHEN url LIKE '%/a%' THEN 1 ELSE 0 END) AS a FROM TUMBLE(clicks_{0}, ts, INTERVAL '1' MINUTE) GROUP BY window_start, window_end, url EMIT ON WINDOW CLOSE;",
        "SELECT u.id, u.name, count(DISTINCT c.url) FILTER (WHERE c.url <> '') AS urls FROM users_{0} AS u LEFT JOIN clicks_{0} c ON c.user_id = u.name AND c.ts BETWEEN u.created - INTERVAL '1' HOUR AND u.created WHERE u.id IN (1, 2, 3, {0}) AND u.name IS NOT NULL GROUP BY u.id, u.name HAVING count(*) > 1 ORDER BY 3 DESC NULLS LAST LIMIT 10;",
        "SELECT * FROM (SELECT url, ROW_NUMBER() OVER (PARTITION BY url ORDER BY ts DESC) AS rn FROM clicks_{0}) AS t WHERE rn <= 3;",
        "UPDATE users_{0} SET name = upper(name) || '!', created = created + INTERVAL '1 day' WHERE id = {0} AND (name ~ '^a' OR name::TEXT ILIKE 'b%');",
        "DELETE FROM users_{0} WHERE created < DATE '2020-01-01' OR id NOT IN (SELECT id FROM users_{0} WHERE id % 2 = 0);",
        "SUBSCRIBE per_minute_{0} WITH (SNAPSHOT = true, PROGRESS = false);",
        "WITH recent AS (SELECT * FROM clicks_{0} WHERE ts > now() - INTERVAL '1 hour') SELECT j ->> 'k', arr[1], ARRAY[1, 2, {0}] FROM recent CROSS JOIN LATERAL unnest(string_to_array(url, '/')) WITH ORDINALITY AS p(part, i);",
        "-- a comment before a statement\nDROP MATERIALIZED VIEW IF EXISTS old_{0} CASCADE;",
        "SET streaming_parallelism = {0}; SHOW TABLES; FLUSH;",
    ];

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        // Warm up until the JIT has settled (tiered compilation promotes hot methods in the background),
        // so the 1 MB run is not charged for compilation the 10 MB run gets for free.
        string warmup = BuildScript(1 << 20);
        for (int i = 0; i < 4; i++)
            SqlParser.Parse(warmup);

        var small = Measure(BuildScript(1 << 20), output);
        var large = Measure(BuildScript(10 << 20), output);
        double sizeRatio = (double)large.Bytes / small.Bytes;
        double wallRatio = large.WallSeconds / small.WallSeconds;
        double cpuRatio = large.CpuSeconds / small.CpuSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio: {sizeRatio:F1}x the text took {wallRatio:F2}x the wall time and {cpuRatio:F2}x the CPU time ({cpuRatio / sizeRatio:F2} per unit of text; 1.00 is linear)"));
    }

    // CPU time is reported beside wall time: on a shared machine the wall clock also measures the neighbours.
    private static (long Bytes, double WallSeconds, double CpuSeconds) Measure(string script, TextWriter output)
    {
        long bytes = Encoding.UTF8.GetByteCount(script);
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = SqlParser.Parse(script);
        watch.Stop();
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        if (result.HasErrors)
            throw new InvalidOperationException("benchmark script has errors: " + result.Diagnostics[0].Message);
        double wall = watch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{bytes / 1e6,6:F1} MB, {result.Statements.Length,7} statements: wall {wall * 1000,7:F0} ms = {bytes / 1e6 / wall,6:F2} MB/s, CPU {cpu * 1000,7:F0} ms = {bytes / 1e6 / cpu,6:F2} MB/s"));
        return (bytes, wall, cpu);
    }

    internal static string BuildScript(int targetBytes)
    {
        var builder = new StringBuilder(targetBytes + 1024);
        for (int i = 0; builder.Length < targetBytes; i++)
            builder.AppendFormat(CultureInfo.InvariantCulture, Templates[i % Templates.Length], i).Append('\n');
        return builder.ToString();
    }
}
