CREATE SOURCE l (num INT, id TEXT, row_time TIMESTAMP, WATERMARK FOR row_time AS row_time - INTERVAL '1' SECOND)
  WITH (connector = 'generator', rows_per_second = '10');
CREATE SOURCE r (num INT, id TEXT, row_time TIMESTAMP, WATERMARK FOR row_time AS row_time - INTERVAL '1' SECOND)
  WITH (connector = 'generator', rows_per_second = '10');
EXPLAIN CREATE MATERIALIZED VIEW joined AS
  SELECT L.num AS l_num, L.id AS l_id, R.id AS r_id, L.window_start, L.window_end
  FROM TUMBLE(l, row_time, INTERVAL '5' MINUTE) AS L
  JOIN TUMBLE(r, row_time, INTERVAL '5' MINUTE) AS R
    ON L.num = R.num AND L.window_start = R.window_start AND L.window_end = R.window_end;
