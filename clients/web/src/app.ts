// The StreamSql console: catalog, SQL editor with error positions, a live view of a materialized
// view over SignalR (table updated in place, changed rows highlighted) and live metrics charts.
// It keeps working across server restarts: the hub connection is re-made and the subscription
// resumed after the last epoch shown (or started again from a snapshot when that is not retained).
import * as signalR from "@microsoft/signalr";
import uPlot from "uplot";

interface Column { name: string; type: string }
interface SqlError { sqlState: string; message: string; hint?: string | null; position?: number | null; line?: number | null; column?: number | null }
interface SqlResult { kind: string; commandTag: string; columns?: Column[] | null; rows?: unknown[][] | null; truncated: boolean; notices: string[] }
interface CatalogEntry { name: string; columns: Column[]; definition: string }
interface Catalog { sources: CatalogEntry[]; tables: CatalogEntry[]; materializedViews: CatalogEntry[]; views: CatalogEntry[]; sinks: CatalogEntry[] }
interface Frame { epoch: number; columns: string[] | null; changes: { diff: number; row: unknown[] }[]; progress: boolean }
interface SourceMetrics {
  name: string; recordsPerSecond: number; watermark: string | null; watermarkLagSeconds: number | null; lateRows: number;
  lag: number | null; error: string | null;
}
interface ViewMetrics { name: string; stateRows: number; lateRows: number; subscribers: number; lastEpochMs: number; stateBytes: number | null }
interface Metrics { epoch: number; epochsPerSecond: number; epochIntervalMs: number; subscribers: number; sources: SourceMetrics[]; views: ViewMetrics[] }

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

const show = (v: unknown): string => v === null || v === undefined ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v);

// ---- catalog

async function loadCatalog(): Promise<void> {
  const response = await fetch("api/catalog");
  if (!response.ok) return;
  const catalog = (await response.json()) as Catalog;
  const list = $("catalog-list");
  list.replaceChildren();
  const groups: [string, CatalogEntry[], boolean][] = [
    ["Sources", catalog.sources, false], ["Tables", catalog.tables, true],
    ["Materialized views", catalog.materializedViews, true], ["Views", catalog.views, false], ["Sinks", catalog.sinks, false],
  ];
  for (const [title, entries, live] of groups) {
    list.append(el("h3", `${title} (${entries.length})`));
    for (const entry of entries) {
      const details = el("details", undefined, "object");
      const summary = el("summary", entry.name);
      details.append(summary);
      if (live) {
        const button = el("button", "live");
        button.dataset.live = entry.name;
        button.onclick = (e) => { e.preventDefault(); openLive(entry.name); };
        summary.append(" ", button);
      }
      const columns = el("ul");
      for (const c of entry.columns) columns.append(el("li", `${c.name} ${c.type}`));
      details.append(columns, el("pre", entry.definition));
      list.append(details);
    }
  }
}

// ---- SQL editor

async function runSql(): Promise<void> {
  const editor = $<HTMLTextAreaElement>("sql");
  const sql = editor.value;
  const out = $("result");
  out.replaceChildren(el("div", "running…", "tag"));
  const response = await fetch("api/sql", { method: "POST", headers: { "content-type": "text/plain" }, body: sql });
  const body = (await response.json()) as { results: SqlResult[]; error: SqlError | null };
  out.replaceChildren();
  for (const r of body.results) {
    out.append(el("div", r.commandTag + (r.truncated ? " (truncated)" : ""), "tag"));
    for (const n of r.notices) out.append(el("div", "NOTICE: " + n, "tag"));
    if (r.kind === "rows" && r.columns) out.append(table(r.columns.map((c) => c.name), r.rows ?? []));
  }
  if (body.error) {
    out.append(errorBox(sql, body.error));
    if (body.error.position) {
      editor.focus();
      editor.setSelectionRange(body.error.position - 1, body.error.position);
    }
  }
  void loadCatalog();
}

function errorBox(sql: string, e: SqlError): HTMLElement {
  const box = el("div", undefined, "error");
  box.dataset.line = String(e.line ?? "");
  box.dataset.column = String(e.column ?? "");
  const where = e.line ? ` at line ${e.line}, column ${e.column}` : "";
  box.append(`ERROR ${e.sqlState}: ${e.message}${where}\n`);
  if (e.line && e.column) {
    const text = sql.split("\n")[e.line - 1] ?? "";
    box.append(`${text}\n`, el("span", " ".repeat(e.column - 1) + "^", "caret"));
  }
  if (e.hint) box.append(`\nHINT: ${e.hint}`);
  return box;
}

function table(columns: string[], rows: unknown[][]): HTMLTableElement {
  const t = el("table");
  const head = el("tr");
  for (const c of columns) head.append(el("th", c));
  t.createTHead().append(head);
  const body = t.createTBody();
  for (const row of rows) {
    const tr = el("tr");
    for (const v of row) tr.append(el("td", show(v)));
    body.append(tr);
  }
  return t;
}

// ---- live view

interface LiveRow { tr: HTMLTableRowElement; count: number }
let live: { name: string; rows: Map<string, LiveRow>; epoch: number | null; stop: boolean; sub?: signalR.ISubscription<Frame> } | null = null;
let connection: signalR.HubConnection | null = null;

function setStatus(text: string, ok: boolean): void {
  const s = $("status");
  s.textContent = text;
  s.className = ok ? "status connected" : "status";
}

async function connect(): Promise<signalR.HubConnection> {
  for (let attempt = 0; ; attempt++) {
    const c = new signalR.HubConnectionBuilder().withUrl("hubs/stream").configureLogging(signalR.LogLevel.None).build();
    try {
      await c.start();
      setStatus("connected", true);
      c.onclose(() => { setStatus("reconnecting…", false); connection = null; if (live && !live.stop) void subscribe(); });
      return c;
    } catch {
      setStatus("reconnecting…", false);
      await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 3000)));
    }
  }
}

function openLive(name: string): void {
  live?.sub?.dispose();
  if (live) live.stop = true;
  live = { name, rows: new Map(), epoch: null, stop: false };
  $("live-panel").hidden = false;
  $("live-name").textContent = name;
  $("live-error").hidden = true;
  const t = $<HTMLTableElement>("live-table");
  t.tHead!.replaceChildren();
  t.tBodies[0].replaceChildren();
  void subscribe();
}

async function subscribe(): Promise<void> {
  const state = live;
  if (!state) return;
  connection ??= await connect();
  if (state !== live || state.stop) return;
  const options = state.epoch === null ? { snapshot: true, progress: true, since: null } : { snapshot: false, progress: true, since: state.epoch };
  state.sub = connection.stream<Frame>("Subscribe", state.name, options).subscribe({
    next: (frame) => { if (state === live) apply(state, frame); },
    complete: () => {},
    error: (err) => {
      if (state !== live || state.stop) return;
      const message = String((err as Error).message ?? err);
      if (message.includes("ERROR 55000")) {
        // Not retained any more (a restarted server): start again from a snapshot.
        state.epoch = null;
        state.rows.clear();
        $<HTMLTableElement>("live-table").tBodies[0].replaceChildren();
        void subscribe();
      } else if (message.includes("ERROR ")) {
        const box = $("live-error");
        box.textContent = message.slice(message.indexOf("ERROR "));
        box.hidden = false;
      }
      // Otherwise the connection closed: onclose resubscribes.
    },
  });
}

function apply(state: NonNullable<typeof live>, frame: Frame): void {
  const t = $<HTMLTableElement>("live-table");
  if (frame.columns) {
    const head = el("tr");
    for (const c of frame.columns) head.append(el("th", c));
    t.tHead!.replaceChildren(head);
  }
  const body = t.tBodies[0];
  for (const change of frame.changes) {
    const key = JSON.stringify(change.row);
    let entry = state.rows.get(key);
    if (!entry) {
      if (change.diff < 0) continue;
      const tr = el("tr");
      for (const v of change.row) tr.append(el("td", show(v)));
      entry = { tr, count: 0 };
      state.rows.set(key, entry);
      body.append(tr);
    }
    entry.count += change.diff;
    if (entry.count <= 0) {
      entry.tr.remove();
      state.rows.delete(key);
    } else {
      entry.tr.className = "changed";
      const tr = entry.tr;
      setTimeout(() => { if (tr.className === "changed") tr.className = "settled"; }, 1500);
    }
  }
  state.epoch = frame.epoch;
  $("live-epoch").textContent = String(frame.epoch);
  $("live-rows").textContent = String([...state.rows.values()].reduce((n, r) => n + r.count, 0));
}

// ---- charts

interface Series { title: string; data: number[][]; names: string[]; plot: uPlot | null; box: HTMLElement }
const history = 120;
const charts = new Map<string, Series>();

function push(id: string, title: string, t: number, values: Map<string, number>): void {
  let s = charts.get(id);
  if (!s) {
    const box = el("div", undefined, "chart");
    box.append(el("h3", title));
    $("charts").append(box);
    s = { title, data: [[]], names: [], plot: null, box };
    charts.set(id, s);
  }
  const names = [...values.keys()].sort();
  if (names.join("\u0000") !== s.names.join("\u0000")) {
    // The set of sources or views changed: start the chart again with one series each.
    s.names = names;
    s.data = [[], ...names.map(() => [])];
    s.plot?.destroy();
    s.plot = new uPlot({
      width: 320, height: 150, legend: { show: true },
      series: [{}, ...names.map((n, i) => ({ label: n, stroke: `hsl(${(i * 67) % 360} 60% 45%)` }))],
      axes: [{ show: false }, {}],
    }, s.data as uPlot.AlignedData, s.box);
  }
  s.data[0].push(t);
  names.forEach((n, i) => s!.data[i + 1].push(values.get(n) ?? 0));
  if (s.data[0].length > history) for (const d of s.data) d.shift();
  s.plot?.setData(s.data as uPlot.AlignedData);
}

async function pollMetrics(): Promise<void> {
  try {
    const response = await fetch("api/metrics");
    if (!response.ok) return;
    const m = (await response.json()) as Metrics;
    const t = Date.now() / 1000;
    $("epoch").textContent = String(m.epoch);
    const marks = m.sources.map((s) => s.watermark).filter((w): w is string => !!w).sort();
    $("watermark").textContent = marks[0] ?? "–";
    const bySource = (f: (s: SourceMetrics) => number) => new Map(m.sources.map((s) => [s.name, f(s)]));
    const byView = (f: (v: ViewMetrics) => number) => new Map(m.views.map((v) => [v.name, f(v)]));
    push("rate", "input rate (records/s)", t, m.sources.length ? bySource((s) => s.recordsPerSecond) : new Map([["all", 0]]));
    push("epochs", "epochs/s and epoch interval (ms)", t, new Map([["epochs/s", m.epochsPerSecond], ["interval ms", m.epochIntervalMs]]));
    push("lag", "watermark lag (s)", t, m.sources.length ? bySource((s) => s.watermarkLagSeconds ?? 0) : new Map([["all", 0]]));
    push("late", "late rows", t, new Map([...bySource((s) => s.lateRows), ...byView((v) => v.lateRows)]));
    // Sources read in parts (Kafka): records waiting that the pipeline has not taken yet.
    const lagged = m.sources.filter((s) => s.lag !== null && s.lag !== undefined);
    if (lagged.length) push("source-lag", "source lag (records)", t, new Map(lagged.map((s) => [s.name, s.lag ?? 0])));
    const errors = m.sources.filter((s) => s.error).map((s) => `source ${s.name}: ${s.error}`);
    const box = $("source-errors");
    box.textContent = errors.join("\n");
    box.hidden = errors.length === 0;
    push("state", "state (rows per view)", t, m.views.length ? byView((v) => v.stateRows) : new Map([["all", 0]]));
    push("view-epoch", "epoch duration per view (ms)", t, m.views.length ? byView((v) => v.lastEpochMs) : new Map([["all", 0]]));
    push("state-bytes", "state size per view (KiB)", t, m.views.length ? byView((v) => (v.stateBytes ?? 0) / 1024) : new Map([["all", 0]]));
  } catch {
    // The server is restarting; the next poll tries again.
  }
}

// ---- start

$("run").onclick = () => void runSql();
$("refresh").onclick = () => void loadCatalog();
$("live-close").onclick = () => { live?.sub?.dispose(); if (live) live.stop = true; live = null; $("live-panel").hidden = true; };
$<HTMLTextAreaElement>("sql").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void runSql(); }
});
void loadCatalog();
void pollMetrics();
setInterval(() => void pollMetrics(), 1000);
void connect().then((c) => { connection ??= c; });
