-- The top 3 URLs of a 5-minute window that slides every 30 seconds (Spark's
-- reduceByKeyAndWindow, with a top-N on top). Windows are final once the watermark passes
-- their end, so their state is freed.
CREATE SOURCE page_views (
    url TEXT, user_id TEXT, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (connector = 'directory', path = 'data/page_views') FORMAT CSV;

CREATE MATERIALIZED VIEW views_per_window AS
    SELECT window_start, window_end, url, count(*) AS views
    FROM HOP(page_views, ts, INTERVAL '30' SECOND, INTERVAL '5' MINUTE)
    GROUP BY window_start, window_end, url
    EMIT ON WINDOW CLOSE;

CREATE MATERIALIZED VIEW top_urls AS
    SELECT window_start, url, views FROM (
        SELECT window_start, url, views,
               ROW_NUMBER() OVER (PARTITION BY window_start ORDER BY views DESC, url) AS rank
        FROM views_per_window
    ) AS ranked
    WHERE rank <= 3;
