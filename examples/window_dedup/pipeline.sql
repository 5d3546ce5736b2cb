-- De-duplication within a window: the same event id may arrive more than once (a retrying
-- producer); each is counted once per one-minute window, as Spark's
-- transform(rdd => rdd.distinct()) does per batch, but over event time.
CREATE SOURCE events (
    event_id TEXT, user_id TEXT, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'directory', path = 'data/events') FORMAT JSON;

CREATE MATERIALIZED VIEW unique_events AS
    SELECT DISTINCT window_start, event_id, user_id
    FROM TUMBLE(events, ts, INTERVAL '1' MINUTE);

CREATE MATERIALIZED VIEW events_per_user AS
    SELECT window_start, user_id, count(*) AS events
    FROM unique_events
    GROUP BY window_start, user_id;
