CREATE TABLE accounts (id INT PRIMARY KEY, owner TEXT, balance NUMERIC(12, 2));
EXPLAIN INSERT INTO accounts (owner, id) VALUES ('ann', 1), ('bob', 2);
EXPLAIN UPDATE accounts SET balance = balance * 1.05 WHERE owner = 'ann';
EXPLAIN DELETE FROM accounts WHERE balance < 0;
EXPLAIN CREATE SINK rich AS SELECT owner, balance FROM accounts WHERE balance > 1000
  WITH (connector = 'postgres', url = 'postgres://localhost/db', table = 'rich', primary_key = 'owner');
EXPLAIN SUBSCRIBE (SELECT owner FROM accounts WHERE balance > 10) WITH (snapshot = true);
EXPLAIN DROP TABLE accounts;
