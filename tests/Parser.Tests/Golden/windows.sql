-- Window table functions and window functions.
SELECT * FROM TUMBLE(t1, created_at, INTERVAL '30' MINUTE);
SELECT * FROM tumble(t1, created_at, interval '30' minute, interval '5' minute) AS w;
SELECT * FROM HOP(t1, created_at, INTERVAL '15' MINUTE, INTERVAL '30' MINUTE);
SELECT window_start, sum(v) FROM hop(t1, created_at, interval '1' day, interval '2' day, interval '1' hour) GROUP BY window_start;
SELECT user_id, window_start, count(*) FROM SESSION(clicks, ts, INTERVAL '5' MINUTE) GROUP BY user_id, window_start;
SELECT * FROM TUMBLE((SELECT * FROM t1 WHERE v > 0), created_at, INTERVAL '1' HOUR);
SELECT ROW_NUMBER() OVER (PARTITION BY a, b ORDER BY c DESC) FROM t;
SELECT sum(x) OVER (ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),
       avg(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND UNBOUNDED FOLLOWING),
       first_value(x) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING),
       last_value(x) OVER (GROUPS BETWEEN 1 FOLLOWING AND 3 FOLLOWING)
FROM t;
