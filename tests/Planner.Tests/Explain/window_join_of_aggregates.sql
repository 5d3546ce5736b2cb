CREATE SOURCE bid (auction BIGINT, price BIGINT, date_time TIMESTAMP, WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND)
  WITH (connector = 'nexmark', table = 'bid', events = '1000');
EXPLAIN CREATE MATERIALIZED VIEW hot_items AS
SELECT a.auction, a.num
FROM (SELECT auction, count(*) AS num, window_start AS starttime
      FROM HOP(bid, date_time, INTERVAL '2' SECOND, INTERVAL '10' SECOND) GROUP BY auction, window_start) AS a
JOIN (SELECT max(num) AS maxn, starttime
      FROM (SELECT count(*) AS num, window_start AS starttime
            FROM HOP(bid, date_time, INTERVAL '2' SECOND, INTERVAL '10' SECOND) GROUP BY auction, window_start) AS c
      GROUP BY starttime) AS m
ON a.starttime = m.starttime AND a.num >= m.maxn;
EXPLAIN CREATE MATERIALIZED VIEW sessions AS
  SELECT auction, window_start, window_end, count(*) AS bids
  FROM SESSION(bid, date_time, INTERVAL '10' SECOND)
  GROUP BY auction, window_start, window_end EMIT ON WINDOW CLOSE;
