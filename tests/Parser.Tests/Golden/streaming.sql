-- SUBSCRIBE, COPY, cursors and FLUSH.
SUBSCRIBE per_minute;
SUBSCRIBE TO per_minute WITH (SNAPSHOT = true, PROGRESS = false, SINCE = 42);
SUBSCRIBE (SELECT url, n FROM per_minute WHERE n > 5);
COPY (SUBSCRIBE per_minute WITH (snapshot = true)) TO STDOUT;
COPY (SELECT * FROM users) TO STDOUT WITH (format csv, header);
COPY users (id, name) FROM STDIN;
COPY users TO '/tmp/users.csv' (FORMAT csv);
DECLARE c CURSOR FOR SUBSCRIBE per_minute;
DECLARE c2 CURSOR FOR SELECT * FROM users;
FETCH c;
FETCH 10 c;
FETCH ALL c WITH (timeout = '1s');
FETCH NEXT FROM c;
FETCH FORWARD 5 IN c;
CLOSE c;
CLOSE ALL;
FLUSH;
