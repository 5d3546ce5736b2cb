CREATE TABLE users (id INT PRIMARY KEY, name TEXT);
CREATE TABLE orders (id INT, user_id INT, amount INT);
EXPLAIN CREATE MATERIALIZED VIEW named_orders AS
  SELECT o.id, u.name, o.amount FROM orders o LEFT JOIN users u ON o.user_id = u.id WHERE o.amount > 10;
EXPLAIN SELECT u.name FROM users u JOIN orders o USING (id) WHERE u.name <> 'x';
