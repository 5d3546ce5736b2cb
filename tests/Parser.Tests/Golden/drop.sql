-- DROP of every object kind, IF EXISTS, several names, CASCADE / RESTRICT.
DROP SOURCE clicks;
DROP TABLE IF EXISTS users, orders CASCADE;
DROP MATERIALIZED VIEW per_minute RESTRICT;
DROP VIEW recent;
DROP SINK top;
