-- Per-window files: each closed one-minute window's counts are written by the file sink, one
-- folder per epoch with one part file, written under a temporary name and renamed on commit
-- (Spark's saveAsTextFiles), so a reader never sees half a folder.
CREATE SOURCE clicks (
    user_id TEXT, url TEXT, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'directory', path = 'data/clicks') FORMAT JSON;

CREATE MATERIALIZED VIEW clicks_per_minute AS
    SELECT window_start, url, count(*) AS clicks
    FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE)
    GROUP BY window_start, url
    EMIT ON WINDOW CLOSE;

CREATE SINK clicks_per_minute_files FROM clicks_per_minute
WITH (connector = 'file', path = 'out/clicks_per_minute') FORMAT CSV;
