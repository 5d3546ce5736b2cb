-- Nexmark in StreamSql's dialect, after the published Flink text (nexmark/nexmark, queries/
-- q11.sql). Query 11: user sessions. How many bids did each user make in each session of
-- activity (sessions end after a 10-second gap)? Flink's GROUP BY SESSION(...) is written here
-- with the SESSION window function, which adds window_start and window_end.

CREATE SOURCE bid (
    auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR,
    WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', table = 'bid', events = '100000', rate = '10000', seed = '0');

CREATE MATERIALIZED VIEW nexmark_q11 AS
SELECT
    bidder,
    count(*) AS bid_count,
    window_start AS starttime,
    window_end AS endtime
FROM SESSION(bid, date_time, INTERVAL '10' SECOND)
GROUP BY bidder, window_start, window_end;
