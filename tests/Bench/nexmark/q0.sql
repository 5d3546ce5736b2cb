-- Nexmark in StreamSql's dialect, after the published Flink text (nexmark/nexmark, queries/
-- q0.sql). Query 0: pass-through; measures the cost of the source and the pipeline itself.
-- The bench replaces the events option with its --events; every source of a file shares one stream.

CREATE SOURCE bid (
    auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR,
    WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', table = 'bid', events = '100000', rate = '10000', seed = '0');

CREATE MATERIALIZED VIEW nexmark_q0 AS
SELECT auction, bidder, price, date_time, extra
FROM bid;
