-- Nexmark in StreamSql's dialect, after the published Flink text (nexmark/nexmark, queries/
-- q1.sql). Query 1: currency conversion, each bid's price from dollars to euros.

CREATE SOURCE bid (
    auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR,
    WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', table = 'bid', events = '100000', rate = '10000', seed = '0');

CREATE MATERIALIZED VIEW nexmark_q1 AS
SELECT
    auction,
    bidder,
    0.908 * price AS price, -- dollars to euros
    date_time,
    extra
FROM bid;
