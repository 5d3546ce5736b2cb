CREATE TABLE orders (id INT, customer INT, amount INT);
CREATE TABLE payments (customer INT, paid INT);
EXPLAIN CREATE MATERIALIZED VIEW unpaid AS
  SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.customer = o.customer);
EXPLAIN CREATE MATERIALIZED VIEW paid_count AS
  SELECT o.id, (SELECT count(*) FROM payments p WHERE p.customer = o.customer AND p.paid >= o.amount) AS n FROM orders o;
EXPLAIN SELECT o.id, o.amount IN (SELECT paid FROM payments p WHERE p.customer = o.customer) AS exact FROM orders o;
EXPLAIN SELECT o.id, ARRAY(SELECT paid FROM payments p WHERE p.customer = o.customer ORDER BY paid) AS paid FROM orders o;
