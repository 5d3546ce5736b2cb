CREATE SOURCE impressions (ad_id BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (connector = 'kafka', topic = 'impressions', 'bootstrap.servers' = 'localhost:9092');
CREATE SOURCE clicks (ad_id BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (connector = 'kafka', topic = 'clicks', 'bootstrap.servers' = 'localhost:9092');
EXPLAIN CREATE MATERIALIZED VIEW attributed AS
  SELECT i.ad_id, i.ts AS shown, c.ts AS clicked
  FROM impressions i JOIN clicks c
    ON i.ad_id = c.ad_id AND c.ts BETWEEN i.ts AND i.ts + INTERVAL '1' HOUR;
