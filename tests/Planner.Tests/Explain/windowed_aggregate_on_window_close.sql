CREATE SOURCE clicks (user_id TEXT, url TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
  WITH (connector = 'kafka', topic = 'clicks', 'bootstrap.servers' = 'localhost:9092') FORMAT JSON;
EXPLAIN CREATE MATERIALIZED VIEW per_minute AS
  SELECT window_start, url, count(*) AS n, max(ts) AS last_seen
  FROM HOP(clicks, ts, INTERVAL '30' SECOND, INTERVAL '5' MINUTE)
  WHERE url LIKE 'https://%'
  GROUP BY window_start, url
  EMIT ON WINDOW CLOSE;
