-- INSERT (VALUES, SELECT, column list, DEFAULT), UPDATE and DELETE.
INSERT INTO users VALUES (1, 'a', '2024-01-01 10:00:00'), (2, 'b', TIMESTAMP '2024-01-01 11:00:00');
INSERT INTO users (id, name) SELECT id + 100, upper(name) FROM users WHERE id < 3;
INSERT INTO t (a, b) VALUES (DEFAULT, $1);
UPDATE users SET name = 'b' WHERE id = 1;
UPDATE users AS u SET name = u.name || '!', created = DEFAULT;
DELETE FROM users WHERE id = 1;
DELETE FROM users u WHERE u.created < DATE '2020-01-01';
