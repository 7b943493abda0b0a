/**
 * `npm run bench:dashboards [-- RUNS]` (default 5): what the dashboards cost, on the embedded store
 * or (with DATABASE_URL) PostgreSQL. `prognos serve`'s server on a loopback port, the store seeded
 * as `--demo` seeds it, the demo round P1 2024 (KS, 14 units under ÖKA). Measured in one run:
 *   one    — the median of RUNS loads of each dashboard endpoint (variance, forecasts, accuracy,
 *            progress) and of the dashboards page (/rounds/:id/dashboards, which loads all four);
 *   ten    — ten dashboards pages requested at once (what ten people opening them do), the time
 *            until the last has arrived, median of RUNS;
 *   base   — GET /api/me in the same session, the cheapest authenticated request: the ratio
 *            dashboards / base is what to compare between machines (they differ 3–4×).
 * Writes bench/out/dashboards-<backend>.json; copy the figures into BENCHMARKS.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/server/node.ts';
import { openStore } from '../src/store/index.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/web/index.ts';
import { HttpSession } from './http-session.ts';

const runs = Number(process.argv[2] ?? 5);
const here = dirname(fileURLToPath(import.meta.url));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const backend = process.env.DATABASE_URL ? 'postgres' : 'embedded';
const load = [loadavg()[0]!];

const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'prognos-bench-dashboards-'));
const schema = process.env.DATABASE_URL ? `bench_dashboards_${process.pid}` : undefined;
const store = await openStore(dataDir ? { dataDir } : { databaseUrl: process.env.DATABASE_URL!, schema: schema! });
await seedDemo(store);
const server = await startServer({ store, port: 0, host: '127.0.0.1', log: () => undefined });
const s = new HttpSession(server.url, 300_000);
await s.login('controller', DEMO_PASSWORD);
const created = await s.post('/api/rounds', { board: 'KS', year: 2024, period: 3, name: 'P1', level: 'RN3', within: 'ÖKA' });
if (created.status !== 201) throw new Error(`opening the round: ${created.status} ${created.text}`);
const id = created.body.round.id as number;

async function timed(path: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await s.get(path);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text.slice(0, 300)}`);
    times.push(r.ms);
  }
  return median(times);
}

const base = await timed('/api/me');
const one: Record<string, number> = {};
for (const d of ['variance', 'forecasts', 'accuracy', 'progress']) one[d] = await timed(`/api/rounds/${id}/dashboard/${d}`);
one.page = await timed(`/rounds/${id}/dashboards`);
const ten: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const all = await Promise.all(Array.from({ length: 10 }, () => s.get(`/rounds/${id}/dashboards`)));
  for (const r of all) if (r.status !== 200) throw new Error(`ten at once: ${r.status}`);
  ten.push(performance.now() - t0);
}
load.push(loadavg()[0]!);

const round = (x: number) => Math.round(x * 10) / 10;
const results = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  backend,
  runs,
  loadAverage: load.map(round),
  baseMs: round(base),
  oneMs: Object.fromEntries(Object.entries(one).map(([k, v]) => [k, round(v)])),
  oneRatio: Object.fromEntries(Object.entries(one).map(([k, v]) => [k, round(v / base)])),
  tenAtOnceMs: round(median(ten)),
  tenAtOnceRatio: round(median(ten) / base),
};
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(join(here, 'out', `dashboards-${backend}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
await server.close();
if (schema) await store.db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
await store.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
