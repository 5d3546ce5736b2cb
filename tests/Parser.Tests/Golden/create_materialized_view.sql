-- CREATE MATERIALIZED VIEW: windows, emit modes, late data, top-N, dedup, joins.
CREATE MATERIALIZED VIEW IF NOT EXISTS per_minute AS
  SELECT window_start, window_end, url, count(*) AS n
  FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE)
  GROUP BY window_start, window_end, url
  EMIT ON WINDOW CLOSE
  LATE DATA TO late_clicks;

CREATE MATERIALIZED VIEW running AS SELECT user_id, count(*) FROM clicks GROUP BY user_id EMIT ON UPDATE;

CREATE MATERIALIZED VIEW top3 (url, hits, rn) AS
  SELECT url, hits, rn FROM (
    SELECT url, hits, ROW_NUMBER() OVER (PARTITION BY url ORDER BY hits DESC) AS rn FROM counts
  ) AS ranked
  WHERE rn <= 3;

CREATE MATERIALIZED VIEW latest AS SELECT * FROM users ORDER BY created DESC LIMIT 10;

CREATE MATERIALIZED VIEW joined WITH (retention = '1 hour') AS
  SELECT a.k, b.v FROM a JOIN b ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '1' HOUR AND a.ts;
