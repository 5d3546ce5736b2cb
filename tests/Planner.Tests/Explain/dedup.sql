CREATE TABLE events (id BIGINT, kind TEXT, payload TEXT, at TIMESTAMP) APPEND ONLY;
EXPLAIN CREATE MATERIALIZED VIEW first_event AS
  SELECT id, kind, payload FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY at) AS rn FROM events
  ) WHERE rn = 1;
EXPLAIN CREATE MATERIALIZED VIEW latest_per_kind AS
  SELECT DISTINCT ON (kind) kind, payload FROM events ORDER BY kind, at DESC;
