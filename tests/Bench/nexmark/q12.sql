-- Nexmark in StreamSql's dialect, after the published Flink text (nexmark/nexmark, queries/
-- q12.sql). Query 12: processing-time windows. How many bids does each user make per 10 seconds
-- of processing time? The window comes from proctime(), not from the data, so only the total per
-- bidder over all windows is comparable with a reference.

CREATE SOURCE bid (
    auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR,
    WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', table = 'bid', events = '100000', rate = '10000', seed = '0');

CREATE VIEW b AS SELECT *, proctime() AS p_time FROM bid;

CREATE MATERIALIZED VIEW nexmark_q12 AS
SELECT
    bidder,
    count(*) AS bid_count,
    window_start AS starttime,
    window_end AS endtime
FROM TUMBLE(b, p_time, INTERVAL '10' SECOND)
GROUP BY bidder, window_start, window_end;
