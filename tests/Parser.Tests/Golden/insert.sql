-- INSERT with VALUES, SELECT, a column list, DEFAULT, DEFAULT VALUES and parameters.
INSERT INTO users VALUES (1, 'a', '2024-01-01 10:00:00'), (2, 'b', TIMESTAMP '2024-01-01 11:00:00');
INSERT INTO users (id, name) SELECT id + 100, upper(name) FROM users WHERE id < 3;
INSERT INTO t (a, b) VALUES (DEFAULT, $1);
INSERT INTO users DEFAULT VALUES;
-- RETURNING after the rows written.
INSERT INTO users (id) VALUES (7) RETURNING id, users.*;
-- ON CONFLICT: no target, a key, a constraint; DO NOTHING and DO UPDATE with WHERE.
INSERT INTO users AS u VALUES (1, 'a') ON CONFLICT DO NOTHING;
INSERT INTO users VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = excluded.name, created = DEFAULT WHERE users.name <> excluded.name RETURNING *;
INSERT INTO users VALUES (1, 'a') ON CONFLICT ON CONSTRAINT users_pkey DO NOTHING;
