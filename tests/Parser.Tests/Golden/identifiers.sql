-- Keywords used as names, quoted identifiers keep case, unquoted fold to lower case, comments.
SELECT name, value, time, date, timestamp, key, type, position, first, last, window_start, data, source, format FROM Events;
SELECT "Name", "MixedCase"."Col" FROM "MixedCase" /* block /* nested */ comment */ WHERE "select" = 1; -- line comment
CREATE TABLE keywords (name TEXT, value INT, time TIMESTAMP, date DATE, key TEXT, type TEXT, position INT, first INT, last INT, interval INTERVAL);
SELECT t.key, t.type AS kind, x AS select FROM keywords AS t;
