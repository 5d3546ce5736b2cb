-- Late data kept, not dropped: a 10-minute watermark decides when a window is final; rows that
-- arrive for a window that has already closed go to the late_clicks table instead of vanishing.
CREATE SOURCE clicks (
    user_id TEXT, url TEXT, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - INTERVAL '10' MINUTE
) WITH (connector = 'directory', path = 'data/clicks') FORMAT JSON;

CREATE TABLE late_clicks (user_id TEXT, url TEXT, ts TIMESTAMP);

CREATE MATERIALIZED VIEW clicks_per_5min AS
    SELECT window_start, window_end, count(*) AS clicks
    FROM TUMBLE(clicks, ts, INTERVAL '5' MINUTE)
    GROUP BY window_start, window_end
    EMIT ON WINDOW CLOSE
    LATE DATA TO late_clicks;
