CREATE SOURCE bids (auction BIGINT, bidder BIGINT, price BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '4' SECOND)
  WITH (connector = 'nexmark', table = 'bid');
EXPLAIN CREATE MATERIALIZED VIEW top_bids AS
  SELECT auction, bidder, price, rn FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bids
  ) WHERE rn <= 3;
EXPLAIN CREATE MATERIALIZED VIEW top_per_window AS
  SELECT window_start, auction, price FROM (
    SELECT window_start, auction, price, ROW_NUMBER() OVER (PARTITION BY window_start ORDER BY price DESC) AS rn
    FROM TUMBLE(bids, ts, INTERVAL '10' SECOND)
  ) t WHERE rn <= 5;
EXPLAIN CREATE MATERIALIZED VIEW highest AS SELECT auction, price FROM bids ORDER BY price DESC LIMIT 10;
