-- A running count of clicks per user: unwindowed GROUP BY keeps one row per user and updates it
-- on every click (Spark's updateStateByKey). Its state grows with the number of users, which
-- EXPLAIN and `streamsql check` point out.
CREATE SOURCE clicks (
    user_id TEXT, url TEXT, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'directory', path = 'data/clicks') FORMAT JSON;

CREATE MATERIALIZED VIEW clicks_per_user AS
    SELECT user_id, count(*) AS clicks
    FROM clicks
    GROUP BY user_id;
