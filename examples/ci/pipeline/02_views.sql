-- Orders per minute, final once the watermark passes the minute (late orders are counted in
-- late_orders instead of being dropped).
CREATE TABLE late_orders (order_id BIGINT, product_id INT, quantity INT, ts TIMESTAMP);

CREATE MATERIALIZED VIEW orders_per_minute AS
    SELECT window_start, count(*) AS orders, sum(quantity) AS items
    FROM TUMBLE(orders, ts, INTERVAL '1' MINUTE)
    GROUP BY window_start, window_end
    EMIT ON WINDOW CLOSE
    LATE DATA TO late_orders;

-- Revenue per category, kept up to date as orders arrive and prices change.
CREATE MATERIALIZED VIEW revenue_by_category AS
    SELECT p.category, sum(o.quantity * p.price) AS revenue, count(*) AS orders
    FROM orders AS o JOIN products AS p ON o.product_id = p.product_id
    GROUP BY p.category;

CREATE VIEW top_category AS
    SELECT category, revenue FROM revenue_by_category ORDER BY revenue DESC LIMIT 1;
