CREATE TABLE orders (id INT PRIMARY KEY, customer TEXT, amount NUMERIC(10, 2), placed TIMESTAMP);
EXPLAIN CREATE MATERIALIZED VIEW per_customer AS
  SELECT customer, count(*) AS orders, sum(amount) AS total, avg(amount) AS average
  FROM orders
  WHERE amount > 0
  GROUP BY customer
  HAVING count(*) > 1;
EXPLAIN SELECT customer, sum(amount) FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT 3;
