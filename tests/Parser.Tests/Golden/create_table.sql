-- CREATE TABLE: column and table primary keys, NOT NULL, DEFAULT, watermark, APPEND ONLY, AS query.
CREATE TABLE IF NOT EXISTS users (id INT PRIMARY KEY, name TEXT NOT NULL, created TIMESTAMP,
    WATERMARK FOR created AS created - INTERVAL '5 minutes') APPEND ONLY;

CREATE TABLE orders (
    order_id BIGINT,
    customer VARCHAR(40),
    amount NUMERIC(10, 2) DEFAULT 0,
    tags TEXT[],
    matrix INT[][],
    payload JSONB,
    flag "char",
    ratio REAL NULL,
    label CHARACTER VARYING(20),
    PRIMARY KEY (order_id, customer)
);

create table t1 (k int, v int) append only;

CREATE TABLE snapshot AS SELECT id, name FROM users WHERE id > 10;
