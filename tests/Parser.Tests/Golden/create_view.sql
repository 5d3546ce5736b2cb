-- CREATE VIEW (not materialized).
CREATE VIEW recent AS SELECT * FROM clicks WHERE ts > now() - INTERVAL '1 hour 30 minutes';
CREATE OR REPLACE VIEW IF NOT EXISTS named_cols (a, b) AS VALUES (1, 'x'), (2, 'y');
