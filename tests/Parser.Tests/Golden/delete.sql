-- DELETE with and without an alias.
DELETE FROM users WHERE id = 1;
DELETE FROM users u WHERE u.created < DATE '2020-01-01';
DELETE FROM users WHERE id = 2 RETURNING *, id + 1 AS next;
