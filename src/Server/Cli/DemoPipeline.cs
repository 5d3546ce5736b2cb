using StreamSql.Server.Engine;

namespace StreamSql.Server.Cli;

/// <summary>
/// The pipeline of <c>streamsql serve --demo</c>: Nexmark bids generated live at a steady rate,
/// with a running aggregate, a tumbling window and a top-N over them, so a client sees results move.
/// </summary>
internal static class DemoPipeline
{
    public static readonly string[] Views = ["bids_per_auction", "bids_per_10s", "top_auctions"];

    public const string Script = """
        CREATE SOURCE bid (
            auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
            date_time TIMESTAMP, extra VARCHAR,
            WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
        ) WITH (connector = 'nexmark', table = 'bid', rate = '2000');

        -- A running aggregate: every bid updates its auction's row.
        CREATE MATERIALIZED VIEW bids_per_auction AS
            SELECT auction, count(*) AS bids, max(price) AS top_price FROM bid GROUP BY auction;

        -- A tumbling window: one row per 10 seconds of event time, final when the window closes.
        CREATE MATERIALIZED VIEW bids_per_10s AS
            SELECT window_start, window_end, count(*) AS bids, avg(price) AS avg_price
            FROM TUMBLE(bid, date_time, INTERVAL '10' SECOND)
            GROUP BY window_start, window_end
            EMIT ON WINDOW CLOSE;

        -- A top-N: the five auctions with the most bids so far.
        CREATE MATERIALIZED VIEW top_auctions AS
            SELECT auction, bids FROM bids_per_auction ORDER BY bids DESC, auction LIMIT 5;
        """;

    /// <summary>Creates the demo objects; returns the first error, or null.</summary>
    public static async Task<string?> CreateAsync(QueryEngine engine, CancellationToken ct)
    {
        await using var session = engine.OpenSession();
        await foreach (var result in session.ExecuteAsync(Script, ct))
        {
            if (result.Error is { } e)
                return $"{e.SqlState}: {e.Message}";
        }

        return null;
    }
}
