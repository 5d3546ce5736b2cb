CREATE TABLE t (tm TIMESTAMP, foo INT, WATERMARK FOR tm AS tm - INTERVAL '5 minutes') APPEND ONLY;
CREATE VIEW positive AS SELECT tm, foo FROM t WHERE foo > 0;
CREATE MATERIALIZED VIEW hourly AS
  SELECT window_start, max(foo) AS top FROM TUMBLE(positive, tm, INTERVAL '1 hour') GROUP BY window_start EMIT ON WINDOW CLOSE;
CREATE VIEW big_hours AS SELECT window_start FROM hourly WHERE top > 100;
EXPLAIN CREATE MATERIALIZED VIEW big_hour_count AS SELECT count(*) AS n FROM big_hours;
EXPLAIN SELECT * FROM big_hours ORDER BY window_start;
EXPLAIN CREATE MATERIALIZED VIEW late_rows AS SELECT tm, foo FROM positive EMIT ON WINDOW CLOSE;
