// node-postgres against the server: one JSON line per scenario, in a fixed order.
// Arguments: the port of a server with trust authentication, then the port of one over the same
// engine that asks alice/secret for SCRAM-SHA-256.
import pg from 'pg';
import Cursor from 'pg-cursor';
import QueryStream from 'pg-query-stream';

const [port, scramPort] = process.argv.slice(2).map(Number);
const config = { host: '127.0.0.1', port, user: 'streamsql', database: 'streamsql' };

const print = (scenario, result) => console.log(JSON.stringify({ scenario, ...result }));
const failure = (e) => ({ code: e.code, position: e.position, message: e.message });
const connect = async (extra = {}) => {
  const client = new pg.Client({ ...config, ...extra });
  await client.connect();
  return client;
};
// Resolves with the promise's value, or with 'timeout' when it takes longer than ms.
const within = (promise, ms) => Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve('timeout'), ms))]);

async function scenario(name, body) {
  try {
    print(name, await body());
  } catch (e) {
    print(name, { unexpected: failure(e) });
  }
}

const main = await connect();
const writer = await connect();

await scenario('connect', async () => {
  const r = await main.query('SELECT 1 AS one');
  return { rows: r.rows, command: r.command, processIdSet: main.processID > 0 };
});

await scenario('scram', async () => {
  const scram = { ...config, port: scramPort, user: 'alice' };
  const good = new pg.Client({ ...scram, password: 'secret' });
  await good.connect();
  const r = await good.query('SELECT 1 AS one');
  await good.end();
  const bad = new pg.Client({ ...scram, password: 'wrong' });
  let refused;
  try {
    await bad.connect();
    await bad.end();
    refused = 'connected';
  } catch (e) {
    refused = failure(e);
  }
  return { rows: r.rows, refused };
});

await scenario('multi-statement', async () => {
  const results = await main.query("SELECT 1 AS a; SELECT 'x' AS b, 2.5 AS c");
  return { results: results.map((r) => ({ command: r.command, rows: r.rows })) };
});

await scenario('parameters', async () => {
  const r = await main.query(
    'SELECT $1::int AS i, $2::bigint AS b, $3::numeric AS n, $4::text AS t, $5::bool AS bo, $6::timestamp AS ts, ' +
      '$7::timestamptz AS tz, $8::date AS d, $9::jsonb AS j, $10::int[] AS ia, $11::text[] AS ta, $12::text AS nul',
    [42, '9007199254740993', '12.345', 'héllo', true, '2024-05-06 07:08:09.123', new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 123)),
      '2024-05-06', { a: [1, 'x'], b: null }, [1, 2, 3], ['a', 'b,c', null], null]);
  const row = r.rows[0];
  return {
    types: r.fields.map((f) => f.dataTypeID),
    row: { ...row, ts: row.ts.toISOString(), tz: row.tz.toISOString(), d: row.d.toISOString() },
    jsTypes: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? 'null' : v instanceof Date ? 'Date' : Array.isArray(v) ? 'array' : typeof v])),
  };
});

await scenario('errors', async () => {
  const out = {};
  for (const [key, text, values] of [
    ['syntax', 'SELEC 1', undefined],
    ['missingSimple', 'SELECT * FROM node_missing', undefined],
    ['missingExtended', 'SELECT * FROM node_missing WHERE 1 = $1', [1]],
  ]) {
    try {
      await main.query(text, values);
      out[key] = 'no error';
    } catch (e) {
      out[key] = failure(e);
    }
  }
  out.after = (await main.query('SELECT 2 AS two')).rows;
  return out;
});

await scenario('tables-and-views', async () => {
  const commands = [];
  for (const text of [
    'CREATE TABLE node_orders (id INT PRIMARY KEY, customer TEXT, amount NUMERIC, at TIMESTAMP)',
    'CREATE MATERIALIZED VIEW node_totals AS SELECT customer, sum(amount) AS total, count(*) AS n FROM node_orders GROUP BY customer',
  ]) {
    const r = await main.query(text);
    commands.push(r.command);
  }
  const insert = await main.query('INSERT INTO node_orders VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)',
    [1, 'ann', '10.50', '2024-01-01 10:00:00', 2, 'bob', '3', '2024-01-01 11:00:00']);
  const more = await main.query("INSERT INTO node_orders VALUES (3, 'ann', 4.25, '2024-01-02 09:00:00')");
  const flush = await main.query('FLUSH');
  const view = await main.query('SELECT customer, total, n FROM node_totals ORDER BY customer');
  const prepared = await main.query({ name: 'by_customer', text: 'SELECT total FROM node_totals WHERE customer = $1', values: ['ann'] });
  const again = await main.query({ name: 'by_customer', text: 'SELECT total FROM node_totals WHERE customer = $1', values: ['bob'] });
  return {
    commands,
    insert: [insert.command, insert.rowCount, more.rowCount],
    flush: flush.command,
    view: view.rows,
    prepared: [prepared.rows, again.rows],
  };
});

await scenario('cursor', async () => {
  await writer.query('CREATE TABLE node_events (k INT, v TEXT)');
  await writer.query("INSERT INTO node_events VALUES (1, 'a'), (2, 'b'), (3, 'c'); FLUSH");
  const cursor = main.query(new Cursor('SUBSCRIBE (SELECT k, v FROM node_events) WITH (SNAPSHOT = true)'));
  const first = await cursor.read(2);
  const second = await cursor.read(1);
  const started = Date.now();
  await cursor.close();
  const after = await within(main.query('SELECT count(*) AS n FROM node_events'), 5000);
  return {
    first: first.map((r) => [r.diff, r.k, r.v]).sort(),
    second: second.map((r) => [r.diff, r.k, r.v]),
    columns: Object.keys(first[0]),
    after: after === 'timeout' ? after : after.rows,
    prompt: Date.now() - started < 5000,
  };
});

await scenario('stream', async () => {
  await writer.query('CREATE TABLE node_ticks (k INT, v TEXT)');
  await writer.query("INSERT INTO node_ticks VALUES (1, 'a'); FLUSH");
  const stream = main.query(new QueryStream('SUBSCRIBE node_ticks WITH (SNAPSHOT = true)', [], { batchSize: 1 }));
  const seen = [];
  for await (const row of stream) {
    seen.push([row.diff, row.k, row.v]);
    // Each row arrives as its insert commits; the next insert is made only after the row came.
    if (seen.length < 3)
      await writer.query(`INSERT INTO node_ticks VALUES (${seen.length + 1}, '${'abc'[seen.length]}'); FLUSH`);
    else
      break;
  }
  // Leaving the loop destroys the stream while its read-ahead Execute waits for a row that will
  // not come: the client must get its connection back at once.
  const started = Date.now();
  const after = await within(main.query('SELECT count(*) AS n FROM node_ticks'), 5000);
  return { seen, destroyed: stream.destroyed, after: after === 'timeout' ? after : after.rows, prompt: Date.now() - started < 5000 };
});

// Runs a query through a pg.Query object, the handle Client.cancel takes; resolves with how it ended.
const start = (client, text) => {
  const query = new pg.Query(text);
  const ended = new Promise((resolve) => {
    query.on('error', (e) => resolve(failure(e)));
    query.on('end', () => resolve('ended'));
  });
  client.query(query);
  return { query, ended };
};

await scenario('cancel', async () => {
  const { query, ended } = start(main, 'SUBSCRIBE node_ticks');
  setTimeout(() => new pg.Client(config).cancel(main, query), 300);
  const error = await ended;
  return { error, after: (await main.query('SELECT 3 AS three')).rows };
});

await scenario('query-timeout', async () => {
  const client = await connect({ query_timeout: 300 });
  let error;
  try {
    await client.query('SUBSCRIBE node_ticks');
  } catch (e) {
    error = { message: e.message };
  }
  // node-postgres gives up on the query but leaves it running on the server (it is still the
  // client's active query): a cancel frees the connection.
  new pg.Client(config).cancel(client, client.activeQuery);
  const after = await within(client.query('SELECT 4 AS four'), 5000);
  await client.end();
  return { error, after: after === 'timeout' ? after : after.rows };
});

await scenario('pool', async () => {
  const pool = new pg.Pool({ ...config, max: 4 });
  const values = await Promise.all(Array.from({ length: 20 }, async (_, i) => (await pool.query('SELECT $1::int * 2 AS v', [i])).rows[0].v));
  const total = pool.totalCount;
  await pool.end();
  return { values, atMostFour: total <= 4 };
});

await main.end();
await writer.end();
