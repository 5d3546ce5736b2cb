CREATE SOURCE visits (user_id TEXT, page TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
  WITH (connector = 'socket', host = 'localhost', port = '9999') FORMAT CSV (header = false, delimiter = ',');
EXPLAIN CREATE MATERIALIZED VIEW unique_visitors AS
  SELECT DISTINCT window_start, user_id FROM TUMBLE(visits, ts, INTERVAL '1' HOUR);
EXPLAIN CREATE MATERIALIZED VIEW all_pages AS SELECT DISTINCT page FROM visits;
