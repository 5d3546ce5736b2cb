-- Inputs: orders arrive as JSON files in a directory; products is a table kept up to date by
-- the shop's back office (INSERT / UPDATE / DELETE over the Postgres wire).
CREATE SOURCE orders (
    order_id BIGINT,
    product_id INT,
    quantity INT,
    ts TIMESTAMP,
    WATERMARK FOR ts AS ts - INTERVAL '30' SECOND
) WITH (connector = 'directory', path = 'data/orders', pattern = '*.json') FORMAT JSON;

CREATE TABLE products (
    product_id INT PRIMARY KEY,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    price NUMERIC NOT NULL
);
