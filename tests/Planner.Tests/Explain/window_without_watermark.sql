CREATE TABLE t1 (row_id INT, uid INT, v INT, created_at TIMESTAMP);
EXPLAIN CREATE MATERIALIZED VIEW mv_tumble_agg AS
  SELECT uid, sum(v) AS sum_v, window_start
  FROM TUMBLE(t1, created_at, INTERVAL '30' MINUTE)
  GROUP BY window_start, uid;
EXPLAIN CREATE MATERIALIZED VIEW sessions AS
  SELECT uid, window_start, window_end, count(*) AS n
  FROM SESSION(t1, created_at, INTERVAL '10' MINUTE)
  GROUP BY uid, window_start, window_end;
