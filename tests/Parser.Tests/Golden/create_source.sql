-- CREATE SOURCE: columns, watermark, WITH options (plain, dotted, quoted keys), every FORMAT.
CREATE SOURCE IF NOT EXISTS clicks (
    user_id TEXT, url TEXT, ts TIMESTAMP,
    WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (connector = 'kafka', topic = 'clicks', 'bootstrap.servers' = 'localhost:9092')
  FORMAT JSON;

CREATE SOURCE lines (line TEXT) WITH (connector = 'socket', host = 'localhost', port = 9999) FORMAT TEXT;

CREATE SOURCE readings (sensor INT NOT NULL, value DOUBLE PRECISION, at TIMESTAMP WITH TIME ZONE)
  WITH (connector = 'directory', path = '/data/in', pattern = '*.csv', on_error = 'skip')
  FORMAT CSV (header = true, delimiter = ',');

CREATE SOURCE gen (id BIGINT, v INT) WITH (connector = 'generator', rows_per_second = 100, seed = 42,
  fields.id.kind = 'sequence', fields.v.kind = 'random', fields.v.min = -5, fields.v.max = 5);

CREATE SOURCE bid WITH (connector = 'nexmark', table = 'bid', events = 100000, rate = 1.5e3);
