-- CREATE TABLE: column and table primary keys, NOT NULL, DEFAULT, CHECK and UNIQUE (named or not, on a column or the table), watermark, APPEND ONLY, AS query.
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

CREATE TABLE checked (a INT CHECK (a > 0) CONSTRAINT b_positive CHECK (b > 0), b INT UNIQUE,
    c TEXT DEFAULT 'x' NOT NULL, CHECK (a < b), CONSTRAINT ab UNIQUE (a, b));

CREATE TABLE snapshot AS SELECT id, name FROM users WHERE id > 10;
