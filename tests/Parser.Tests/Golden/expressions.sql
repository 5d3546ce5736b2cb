-- Expressions: literals, operators with PostgreSQL precedence, predicates, casts, arrays, JSON,
-- CASE, subqueries, aggregates with DISTINCT / FILTER / ORDER BY, special function syntax.
SELECT 1, -2, 3.5, .5, 1e10, 2.5E-3, 'it''s', E'tab\there\n\x41\u00e9', $$dollar$$, TRUE, false, NULL;
SELECT TIMESTAMP '2024-01-01 10:00:00', TIMESTAMP WITH TIME ZONE '2024-01-01 10:00:00+00', DATE '2024-01-01',
       TIME '10:00', INTERVAL '5' SECOND, INTERVAL '1 hour', INTERVAL '1-2' YEAR TO MONTH;
SELECT a + b * c - d / e % f ^ g, (a + b) * c, -a, +a, NOT a AND b OR c, a || b || c;
SELECT a = b, a <> b, a != b, a < b, a <= b, a > b, a >= b;
SELECT j -> 'k', j ->> 'k', j #> '{a,b}', j #>> '{a,b}', s ~ '^a', s !~ 'b', s ~* 'c', s !~* 'd',
       arr @> ARRAY[1], arr <@ ARRAY[1, 2], a & b, a | b, a # b, a << 1, a >> 1, ~a;
SELECT c.relname OPERATOR(pg_catalog.~) '^(t1)$' COLLATE pg_catalog.default;
SELECT a IS NULL, a IS NOT NULL, a IS TRUE, a IS NOT FALSE, a IS UNKNOWN, a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b;
SELECT a BETWEEN 1 AND 2, a NOT BETWEEN SYMMETRIC 2 AND 1, a IN (1, 2, 3), a NOT IN (SELECT x FROM t), a IN (SELECT 1);
SELECT s LIKE 'a%', s NOT LIKE 'b%', s ILIKE 'c%' ESCAPE '!', s NOT ILIKE 'd';
SELECT CAST(a AS BIGINT), a::TEXT, a::NUMERIC(10, 2), a::TEXT[], '{1,2}'::INT[], c.oid::pg_catalog.regclass::pg_catalog.text, x::"char", y::DOUBLE PRECISION;
SELECT CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END, CASE k WHEN 1 THEN 'one' END;
SELECT ARRAY[1, 2, 3], ARRAY[[1, 2], [3, 4]], ARRAY[]::INT[], arr[1], arr[2:3], arr[:2], ARRAY(SELECT x FROM t);
SELECT (a, b), ROW(a, b, c), ROW(), (composite).field;
SELECT EXISTS (SELECT 1 FROM t), (SELECT max(v) FROM t), x = ANY (arr), x <> ALL (SELECT y FROM t), x = SOME (ARRAY[1, 2]);
SELECT count(*), count(DISTINCT x), count(ALL x), sum(x) FILTER (WHERE x > 0), string_agg(s, ',' ORDER BY s DESC), array_agg(x ORDER BY y);
SELECT EXTRACT(YEAR FROM ts), extract('epoch' FROM ts), SUBSTRING(s FROM 2 FOR 3), substring(s FROM 2), substring(s FOR 2),
       POSITION('a' IN s), TRIM(BOTH 'x' FROM s), TRIM(LEADING FROM s), TRIM(TRAILING 'y' FROM s), TRIM(FROM s), trim(s), left(s, 2), right(s, 2);
SELECT CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_USER, now(), proctime(), pg_catalog.version(), make_interval(hours => 1, mins => 30), ts AT TIME ZONE 'UTC';
SELECT $1, $2::TEXT, "Quoted Col", "with""quote";
