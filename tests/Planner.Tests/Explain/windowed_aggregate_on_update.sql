CREATE SOURCE clicks (user_id TEXT, url TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
  WITH (connector = 'kafka', topic = 'clicks', 'bootstrap.servers' = 'localhost:9092') FORMAT JSON;
EXPLAIN CREATE MATERIALIZED VIEW per_minute AS
  SELECT window_start, window_end, url, count(*) AS n
  FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE)
  GROUP BY window_start, window_end, url;
EXPLAIN PHYSICAL CREATE MATERIALIZED VIEW per_minute AS
  SELECT window_start, window_end, url, count(*) AS n
  FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE)
  GROUP BY window_start, window_end, url;
