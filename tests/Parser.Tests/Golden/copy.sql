-- COPY (SUBSCRIBE ...) / (query) TO STDOUT, COPY table FROM STDIN or to a file.
COPY (SUBSCRIBE per_minute WITH (snapshot = true)) TO STDOUT;
COPY (SELECT * FROM users) TO STDOUT WITH (format csv, header);
COPY users (id, name) FROM STDIN;
COPY users TO '/tmp/users.csv' (FORMAT csv);
