-- UPDATE with an alias, expressions and DEFAULT.
UPDATE users SET name = 'b' WHERE id = 1;
UPDATE users AS u SET name = u.name || '!', created = DEFAULT;
UPDATE users u SET name = 'x' WHERE u.id = 1 RETURNING u.name AS n;
