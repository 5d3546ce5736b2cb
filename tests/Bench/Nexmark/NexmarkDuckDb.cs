using System.Diagnostics;
using DuckDB.NET.Data;
using StreamSql.Runtime.Nexmark;

namespace StreamSql.Bench.Nexmark;

/// <summary>
/// The Nexmark reference in DuckDB: the generated events loaded with the appender into tables
/// named and typed as the StreamSql sources, and each query written as a batch query whose
/// result is the final contents StreamSql's view must reach (every window's rows; the total per
/// bidder for q12, whose windows follow the wall clock). HOP and TUMBLE are expanded with
/// integer arithmetic on epoch microseconds; SESSION with gaps-and-islands (a gap of 10 seconds
/// or more starts a new session; a session ends at its last bid + 10 seconds).
/// </summary>
public sealed class NexmarkDuckDb : IDisposable
{
    private readonly DuckDBConnection connection;

    private NexmarkDuckDb(DuckDBConnection connection) => this.connection = connection;

    /// <summary>Time spent loading the events.</summary>
    public TimeSpan LoadTime { get; private init; }

    public static NexmarkDuckDb Load(NexmarkEventSet events)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var clock = Stopwatch.StartNew();
        Execute(connection, """
            CREATE TABLE person (id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, city VARCHAR,
                state VARCHAR, date_time TIMESTAMP, extra VARCHAR);
            CREATE TABLE auction (id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, reserve BIGINT,
                date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra VARCHAR);
            CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
                date_time TIMESTAMP, extra VARCHAR);
            """);
        using (var appender = connection.CreateAppender("person"))
        {
            var p = events.People;
            for (int i = 0; i < events.PersonCount; i++)
                appender.CreateRow().AppendValue(p.Id![i]).AppendValue(p.Name![i]).AppendValue(p.EmailAddress![i])
                    .AppendValue(p.CreditCard![i]).AppendValue(p.City![i]).AppendValue(p.State![i])
                    .AppendValue(Time(p.DateTime![i])).AppendValue(p.Extra![i]).EndRow();
        }
        using (var appender = connection.CreateAppender("auction"))
        {
            var a = events.Auctions;
            for (int i = 0; i < events.AuctionCount; i++)
                appender.CreateRow().AppendValue(a.Id![i]).AppendValue(a.ItemName![i]).AppendValue(a.Description![i])
                    .AppendValue(a.InitialBid![i]).AppendValue(a.Reserve![i]).AppendValue(Time(a.DateTime![i]))
                    .AppendValue(Time(a.Expires![i])).AppendValue(a.Seller![i]).AppendValue(a.Category![i])
                    .AppendValue(a.Extra![i]).EndRow();
        }
        using (var appender = connection.CreateAppender("bid"))
        {
            var b = events.Bids;
            for (int i = 0; i < events.BidCount; i++)
                appender.CreateRow().AppendValue(b.Auction![i]).AppendValue(b.Bidder![i]).AppendValue(b.Price![i])
                    .AppendValue(b.Channel![i]).AppendValue(b.Url![i]).AppendValue(Time(b.DateTime![i]))
                    .AppendValue(b.Extra![i]).EndRow();
        }
        return new NexmarkDuckDb(connection) { LoadTime = clock.Elapsed };
    }

    /// <summary>Runs the batch form of <paramref name="query"/>; returns its rows and DuckDB's time for it.</summary>
    public (List<object?[]> Rows, TimeSpan Elapsed) Run(string query)
    {
        var clock = Stopwatch.StartNew();
        using var command = connection.CreateCommand();
        command.CommandText = Sql(query);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int c = 0; c < row.Length; c++)
                row[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
            rows.Add(row);
        }
        return (rows, clock.Elapsed);
    }

    /// <summary>The DuckDB batch query equivalent to tests/Bench/nexmark/<paramref name="query"/>.sql.</summary>
    public static string Sql(string query) => query switch
    {
        "q0" => "SELECT auction, bidder, price, date_time, extra FROM bid",
        "q1" => "SELECT auction, bidder, 0.908 * price AS price, date_time, extra FROM bid",
        "q2" => "SELECT auction, price FROM bid WHERE auction % 123 = 0",
        "q3" => """
            SELECT P.name, P.city, P.state, A.id
            FROM auction AS A INNER JOIN person AS P ON A.seller = P.id
            WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')
            """,
        "q4" => """
            SELECT Q.category, AVG(Q.final) AS avg
            FROM (
                SELECT MAX(B.price) AS final, A.category
                FROM auction A, bid B
                WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
                GROUP BY A.id, A.category
            ) Q
            GROUP BY Q.category
            """,
        "q5" => """
            WITH hop AS (
                SELECT auction, (epoch_us(date_time) // 2000000 - k) * 2000000 AS window_start
                FROM bid, range(0, 5) AS h(k)
            ),
            counts AS (SELECT auction, window_start, count(*) AS num FROM hop GROUP BY auction, window_start),
            maxes AS (SELECT window_start, max(num) AS maxn FROM counts GROUP BY window_start)
            SELECT c.auction, c.num
            FROM counts c JOIN maxes m ON c.window_start = m.window_start AND c.num >= m.maxn
            """,
        "q7" => """
            WITH b1 AS (
                SELECT max(price) AS maxprice, make_timestamp((epoch_us(date_time) // 10000000 + 1) * 10000000) AS date_time
                FROM bid
                GROUP BY epoch_us(date_time) // 10000000
            )
            SELECT B.auction, B.price, B.bidder, B.date_time, B.extra
            FROM bid B JOIN b1 ON B.price = b1.maxprice
            WHERE B.date_time BETWEEN b1.date_time - INTERVAL 10 SECOND AND b1.date_time
            """,
        "q8" => """
            WITH p AS (
                SELECT DISTINCT id, name, epoch_us(date_time) // 10000000 * 10000000 AS starttime FROM person
            ),
            a AS (
                SELECT DISTINCT seller, epoch_us(date_time) // 10000000 * 10000000 AS starttime FROM auction
            )
            SELECT p.id, p.name, make_timestamp(p.starttime) AS starttime
            FROM p JOIN a ON p.id = a.seller AND p.starttime = a.starttime
            """,
        "q11" => """
            WITH marked AS (
                SELECT bidder, date_time,
                       CASE WHEN date_time - lag(date_time) OVER (PARTITION BY bidder ORDER BY date_time) < INTERVAL 10 SECOND
                            THEN 0 ELSE 1 END AS starts
                FROM bid
            ),
            numbered AS (
                SELECT bidder, date_time,
                       sum(starts) OVER (PARTITION BY bidder ORDER BY date_time ROWS UNBOUNDED PRECEDING) AS session
                FROM marked
            )
            SELECT bidder, count(*) AS bid_count, min(date_time) AS starttime, max(date_time) + INTERVAL 10 SECOND AS endtime
            FROM numbered
            GROUP BY bidder, session
            """,
        "q12" => "SELECT bidder, count(*) AS bid_count FROM bid GROUP BY bidder",
        _ => throw new ArgumentException($"unknown nexmark query '{query}'", nameof(query)),
    };

    public void Dispose() => connection.Dispose();

    private static DateTime Time(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
