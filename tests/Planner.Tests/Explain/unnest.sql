CREATE TABLE posts (id INT, tags TEXT[]) APPEND ONLY;
EXPLAIN CREATE MATERIALIZED VIEW tag_positions AS
  SELECT p.id, t.tag, t.position
  FROM posts p CROSS JOIN LATERAL unnest(p.tags) WITH ORDINALITY AS t(tag, position);
EXPLAIN SELECT * FROM unnest(ARRAY[1, 2, 3]) AS u(x);
