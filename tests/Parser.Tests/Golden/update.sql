-- UPDATE with an alias, expressions and DEFAULT.
UPDATE users SET name = 'b' WHERE id = 1;
UPDATE users AS u SET name = u.name || '!', created = DEFAULT;
