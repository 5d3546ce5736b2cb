-- TRUNCATE of one and of several tables.
TRUNCATE t;
TRUNCATE TABLE ONLY a, s.b CASCADE;
-- TABLE t is SELECT * FROM t.
TABLE t;
