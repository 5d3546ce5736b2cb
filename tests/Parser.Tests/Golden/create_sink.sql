-- CREATE SINK from a relation or a query, for every connector.
CREATE SINK IF NOT EXISTS top FROM per_minute WITH (connector = 'postgres', url = 'postgres://localhost/db', table = 'top', primary_key = 'url');
CREATE SINK to_kafka AS SELECT url, n FROM per_minute WHERE n > 10
  WITH (connector = 'kafka', topic = 'out', 'bootstrap.servers' = 'localhost:9092', key = 'url') FORMAT JSON;
CREATE SINK files FROM per_minute WITH (connector = 'file', path = '/tmp/out') FORMAT CSV;
CREATE SINK screen FROM per_minute WITH (connector = 'console', rows = 5) FORMAT TEXT;
