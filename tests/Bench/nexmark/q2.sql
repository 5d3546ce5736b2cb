-- Nexmark in StreamSql's dialect, after the published Flink text (nexmark/nexmark, queries/
-- q2.sql). Query 2: selection. The original picks five auction ids; the published text picks
-- every 123rd auction instead, so that results keep coming on long streams.

CREATE SOURCE bid (
    auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR,
    WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', table = 'bid', events = '100000', rate = '10000', seed = '0');

CREATE MATERIALIZED VIEW nexmark_q2 AS
SELECT auction, price
FROM bid
WHERE mod(auction, 123) = 0;
