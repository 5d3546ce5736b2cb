using Npgsql;

namespace StreamSql.EndToEnd.Tests;

/// <summary>The schema the recovery tests use and what they read back.</summary>
internal static class Tables
{
    public const int Groups = 7;

    public const string Create = """
        CREATE TABLE t (id INT, g INT);
        CREATE MATERIALIZED VIEW per_group AS SELECT g, count(*) AS n, sum(id) AS s FROM t GROUP BY g;
        CREATE MATERIALIZED VIEW total AS SELECT count(*) AS n FROM t;
        """;

    /// <summary>
    /// Reads <paramref name="read"/> until <paramref name="count"/> of it reaches <paramref name="expected"/>
    /// (then once more half a second later, to give a double count the time to show) or a minute
    /// has passed; returns the last reading.
    /// </summary>
    public static async Task<T> WaitForCountAsync<T>(ServerProcess server, long expected, Func<NpgsqlConnection, T> read, Func<T, long> count)
    {
        using var connection = server.Connect();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = read(connection);
        while (count(last) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            last = read(connection);
        }

        if (count(last) >= expected)
        {
            await Task.Delay(500);
            last = read(connection);
        }

        return last;
    }

    public static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public static void Insert(NpgsqlConnection connection, int id)
    {
        using var command = new NpgsqlCommand($"INSERT INTO t VALUES ({id}, {id % Groups})", connection);
        command.ExecuteNonQuery();
    }

    public static List<int> Ids(NpgsqlConnection connection)
    {
        var ids = new List<int>();
        using var command = new NpgsqlCommand("SELECT id FROM t", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            ids.Add(reader.GetInt32(0));
        return ids;
    }

    /// <summary>per_group as "g:n:s" strings ordered by g.</summary>
    public static List<string> PerGroup(NpgsqlConnection connection)
    {
        var rows = new List<string>();
        using var command = new NpgsqlCommand("SELECT g, n, s FROM per_group ORDER BY g", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            rows.Add($"{reader.GetInt32(0)}:{reader.GetInt64(1)}:{Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)}");
        return rows;
    }

    /// <summary>What per_group must hold for a set of ids, computed here without the engine.</summary>
    public static List<string> ExpectedPerGroup(IEnumerable<int> ids) =>
        ids.GroupBy(id => id % Groups).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}:{g.Count()}:{g.Sum(id => (long)id)}").ToList();

    public static long Total(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT n FROM total", connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
