-- Queries: DISTINCT [ON], stars, joins of every kind, LATERAL, subqueries, set operations, CTEs,
-- ORDER BY / LIMIT / OFFSET, GROUP BY / HAVING, VALUES.
SELECT DISTINCT url FROM clicks;
SELECT DISTINCT ON (user_id, url) user_id, url, ts FROM clicks ORDER BY user_id, url, ts DESC;
SELECT *, c.*, public.c.url FROM public.clicks AS c;
SELECT a.x, b.y FROM a INNER JOIN b ON a.id = b.id LEFT JOIN c USING (id) RIGHT OUTER JOIN d ON TRUE FULL JOIN e ON d.k = e.k;
SELECT * FROM a CROSS JOIN b, c NATURAL JOIN d;
SELECT t.v, t.i FROM arrays CROSS JOIN LATERAL unnest(arrays.vals) WITH ORDINALITY AS t(v, i);
SELECT * FROM generate_series(1, 10) g, LATERAL (SELECT g * 2 AS d) AS x;
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(n, s);
SELECT * FROM (a JOIN b ON a.k = b.k);
WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5), s AS (SELECT 2)
  SELECT n FROM r UNION SELECT * FROM s INTERSECT SELECT 3 EXCEPT ALL SELECT 4;
(SELECT 1 ORDER BY 1 LIMIT 1) UNION ALL (SELECT 2);
SELECT url, count(*) FROM clicks GROUP BY url HAVING count(*) > 1 ORDER BY 2 DESC NULLS LAST, url ASC NULLS FIRST LIMIT 10 OFFSET 5;
SELECT * FROM t OFFSET 3;
SELECT * FROM t LIMIT ALL;
VALUES (1, 2), (3, 4);
SELECT sum(v) OVER w, rank() OVER (w ORDER BY v) FROM t WINDOW w AS (PARTITION BY k);
