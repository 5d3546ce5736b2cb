-- Lines "x:y:z" arrive as files in a directory (Spark's textFileStream); each file is read
-- once, in arrival order. The view keeps the average of the values at each position.
CREATE SOURCE readings (line TEXT)
WITH (connector = 'directory', path = 'data/readings', pattern = '*.txt') FORMAT TEXT;

CREATE MATERIALIZED VIEW average_per_index AS
    SELECT v.idx, avg(v.value::DOUBLE PRECISION) AS average, count(*) AS samples
    FROM readings
    CROSS JOIN LATERAL unnest(string_to_array(line, ':')) WITH ORDINALITY AS v(value, idx)
    GROUP BY v.idx;
